package io.belay.backends;

import io.belay.backends.command.Engine;
import io.belay.backends.command.Scheduler;
import io.belay.backends.command.Settings;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.persistence.Persistence;
import io.belay.backends.replication.Fence;
import io.belay.backends.replication.Replication;
import io.belay.backends.replication.SnapshotSource;
import io.belay.backends.server.LocalConnection;
import io.belay.backends.server.RespServer;
import io.belay.backends.server.ServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
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
  private final Replication replication;
  private final Persistence persistence;
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
    this.persistence = new Persistence(engine, vertx);
    for (Map.Entry<String, String> e : options.config().entrySet()) {
      if (!e.getKey().equals("replicaof")) {
        settings.setInitial(e.getKey(), e.getValue());
      }
    }
    this.replication = new Replication(engine, vertx, snapshots(), new Fence(Path.of(settings.dir())));
    replication.install();
    persistence.setReplicationAux(() -> Map.of("repl-id", replication.replId(),
        "repl-offset", Long.toString(replication.offset())));
    this.server = new RespServer(engine, options.host(), options.port(),
        new ServerMetrics(registry, options.host() + ":" + options.port()));
  }

  /** Starts a backend; the future completes once it accepts connections. */
  public static Future<Backend> start(Vertx vertx, BackendOptions options, MeterRegistry registry) {
    Backend backend = new Backend(vertx, options, registry);
    return backend.persistence.open().compose(v -> vertx.deployVerticle(backend.server)
        .recover(e -> backend.persistence.close().transform(ar -> Future.failedFuture(e)))).map(id -> {
      backend.deploymentId = id;
      backend.context = backend.server.engineContext();
      backend.restoreReplicationState();
      String replicaOf = options.config().get("replicaof");
      if (replicaOf != null) {
        String[] hostPort = replicaOf.trim().split("\\s+");
        backend.context.runOnContext(v -> backend.replication.replicaOf(hostPort[0], Integer.parseInt(hostPort[1])));
      }
      return backend;
    });
  }

  /**
   * A snapshot records the replication ID and offset it was taken at (as Redis's RDB aux
   * fields do), so a restarted replica can offer its master a partial resync.
   */
  private void restoreReplicationState() {
    if (engine.settings().appendOnly()) {
      // The AOF replays writes made after its base snapshot: the data is past the recorded
      // offset, so that offset no longer describes it. Start a new history instead.
      return;
    }
    Map<String, String> aux = persistence.loadedAux();
    String id = aux.get("repl-id");
    String offset = aux.get("repl-offset");
    if (id != null && offset != null) {
      try {
        long parsed = Long.parseLong(offset);
        context.runOnContext(v -> replication.restore(id, parsed));
      } catch (NumberFormatException e) {
        // a snapshot without a usable offset: start a new history, as a fresh backend would
      }
    }
  }

  /** Full-sync snapshots: RDB produced and loaded by the persistence layer. */
  private SnapshotSource snapshots() {
    return new SnapshotSource() {
      @Override
      public Future<byte[]> snapshot(Map<String, String> aux) {
        return persistence.snapshotBytes(aux);
      }

      @Override
      public io.belay.backends.persistence.Snapshot stream(io.belay.backends.persistence.RdbSink sink,
          Map<String, String> aux) {
        return persistence.snapshot(sink, aux);
      }

      @Override
      public Map<String, String> load(java.io.InputStream rdb) throws java.io.IOException {
        return persistence.loadReplacing(rdb);
      }
    };
  }

  /**
   * A client connection from inside this JVM, without a socket: RESP commands in, RESP
   * replies to {@code output}. The embedded proxy reaches its backends this way.
   */
  public LocalConnection.Peer openLocal(String name, java.util.function.Consumer<byte[]> output, Runnable closed) {
    return LocalConnection.open(engine, context, name, output, closed);
  }

  public Replication replication() {
    return replication;
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

  /**
   * SHUTDOWN's work before the listener closes: a final snapshot when asked and persistence
   * is configured. Runs on the engine's context.
   */
  public void shutdown(boolean save) {
    persistence.shutdown(save);
  }

  public Persistence persistence() {
    return persistence;
  }

  /** Closes the server, then persistence: a final snapshot if save rules are set, the directory unlocked. */
  public Future<Void> stop() {
    // Persistence saves on the engine's context, so the verticle stays deployed until it is done.
    return server.closeListener()
        .eventually(persistence::close)
        .eventually(() -> deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId))
        .mapEmpty();
  }
}
