package io.belay.backends;

import io.belay.backends.command.Engine;
import io.belay.backends.command.Scheduler;
import io.belay.backends.command.Settings;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.server.RespServer;
import io.belay.backends.server.ServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * One embedded Redis-compatible backend: its keyspace and engine on one event loop, and the
 * RESP server clients reach it through. Start it with {@link #start}; talk to its engine
 * only on {@link #context()}.
 */
public final class Backend {

  private final Vertx vertx;
  private final Engine engine;
  private final RespServer server;
  private final BackendOptions options;
  private Context context;
  private String deploymentId;

  private Backend(Vertx vertx, BackendOptions options, MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options;
    Settings settings = new Settings(options.port(), options.host(), options.databases());
    Keyspace keyspace = new Keyspace(options.databases());
    this.engine = Engine.create(keyspace, settings, new Scheduler() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMs), id -> task.run());
      }

      @Override
      public void cancel(long timerId) {
        vertx.cancelTimer(timerId);
      }
    });
    for (Map.Entry<String, String> e : options.config().entrySet()) {
      settings.setInitial(e.getKey(), e.getValue());
    }
    this.server = new RespServer(engine, options.host(), options.port(),
        new ServerMetrics(registry, options.host() + ":" + options.port()));
  }

  /** Starts a backend; the future completes once it accepts connections. */
  public static Future<Backend> start(Vertx vertx, BackendOptions options, MeterRegistry registry) {
    Backend backend = new Backend(vertx, options, registry);
    return vertx.deployVerticle(backend.server).map(id -> {
      backend.deploymentId = id;
      backend.context = backend.server.engineContext();
      return backend;
    });
  }

  public Engine engine() {
    return engine;
  }

  public Context context() {
    return context;
  }

  public int port() {
    return server.actualPort();
  }

  public String host() {
    return options.host();
  }

  public Future<Void> stop() {
    return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
  }
}
