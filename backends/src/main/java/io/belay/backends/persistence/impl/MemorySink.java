package io.belay.backends.persistence.impl;

import io.belay.backends.persistence.RdbSink;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;

/** An RDB collected in memory (a replica's full sync as one payload, tests). Never full. */
public final class MemorySink implements RdbSink {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  public void write(byte[] chunk) {
    bytes.writeBytes(chunk);
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public void drainHandler(Runnable handler) {
    handler.run();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public void abort() {
    bytes.reset();
  }

  public byte[] bytes() {
    return bytes.toByteArray();
  }
}
