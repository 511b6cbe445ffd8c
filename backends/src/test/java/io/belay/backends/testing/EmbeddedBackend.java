package io.belay.backends.testing;

import io.belay.backends.Backend;
import io.belay.backends.BackendOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.Closeable;
import java.util.concurrent.TimeUnit;

/** An embedded backend in this JVM on a free loopback port, for tests. */
public final class EmbeddedBackend implements Closeable {

  private final Vertx vertx;
  private final Backend backend;

  private EmbeddedBackend(Vertx vertx, Backend backend) {
    this.vertx = vertx;
    this.backend = backend;
  }

  public static EmbeddedBackend start() throws Exception {
    return start(BackendOptions.of("127.0.0.1", RedisServerProcess.freePort()));
  }

  public static EmbeddedBackend start(BackendOptions options) throws Exception {
    Vertx vertx = Vertx.vertx();
    Backend backend = Backend.start(vertx, options, new SimpleMeterRegistry())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new EmbeddedBackend(vertx, backend);
  }

  public int port() {
    return backend.port();
  }

  public Backend backend() {
    return backend;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
