package io.belay.backends.server;

import io.belay.backends.command.Engine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RESP server of one backend: a single verticle, so every connection and the engine
 * share one event loop, Redis's threading model, and commands need no locks.
 */
public final class RespServer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RespServer.class);

  private final Engine engine;
  private final String host;
  private final int port;
  private final ServerMetrics metrics;
  private NetServer server;
  private long cronTimer = -1;

  public RespServer(Engine engine, String host, int port, ServerMetrics metrics) {
    this.engine = engine;
    this.host = host;
    this.port = port;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    NetServerOptions options = new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
        .setReuseAddress(true).setAcceptBacklog(511);
    server = vertx.createNetServer(options);
    server.connectHandler(socket -> {
      if (engine.clients().size() >= engine.settings().maxClients()) {
        engine.stats().rejectedConnections++;
        socket.write("-ERR max number of clients reached\r\n").onComplete(v -> socket.close());
        return;
      }
      metrics.connected();
      new Connection(socket, engine, metrics);
    });
    cronTimer = vertx.setPeriodic(1000 / Math.max(1, engine.settings().hz()), id -> cron());
    return server.listen().onSuccess(s -> log.info("listening on {}:{}", host, s.actualPort()));
  }

  /** Background work Redis does in serverCron: active expiry. */
  private void cron() {
    // a quarter of each cycle at most, as Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC
    long budget = 250_000_000L / Math.max(1, engine.settings().hz());
    engine.keyspace().activeExpireCycle(budget);
    engine.cron();
  }

  /** The event loop context the engine runs on. */
  public io.vertx.core.Context engineContext() {
    return context;
  }

  public int actualPort() {
    return port != 0 || server == null ? port : server.actualPort();
  }

  /** Stops accepting connections; the engine keeps running until the verticle is undeployed. */
  public Future<Void> closeListener() {
    if (server == null) {
      return Future.succeededFuture();
    }
    NetServer closing = server;
    server = null;
    return closing.close();
  }

  @Override
  public Future<?> stop() {
    if (cronTimer >= 0) {
      vertx.cancelTimer(cronTimer);
    }
    return closeListener();
  }
}
