package io.belay.proxy.impl;

import io.belay.proxy.InProcessBackend;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * A backend connection to a backend embedded in this JVM. The backend answers on its own
 * context; every byte and the close are moved back to the connection's context in the order the
 * backend produced them ({@link Context#runOnContext} runs tasks in submission order).
 */
final class InProcessTransport implements BackendTransport {

  private final InProcessBackend backend;
  private final InProcessBackend.Link link;
  private boolean closed;

  InProcessTransport(InProcessBackend backend, BackendConnection connection, Context context) {
    this.backend = backend;
    this.link = backend.open(
        bytes -> context.runOnContext(v -> connection.onBytes(bytes)),
        () -> context.runOnContext(v -> connection.onTransportClosed("connection lost")));
  }

  @Override
  public void write(Buffer data) {
    if (!closed) {
      link.write(data.getBytes());
    }
  }

  /** The backend takes every write at once: there is no socket buffer to fill. */
  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      link.close();
    }
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public boolean tellsReplicationOffset() {
    return backend.tellsReplicationOffset();
  }

  @Override
  public long replicationOffset() {
    return backend.replicationOffset();
  }
}
