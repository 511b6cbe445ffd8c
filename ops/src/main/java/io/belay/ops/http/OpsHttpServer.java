package io.belay.ops.http;

import io.belay.ops.http.impl.DashboardAssets;
import io.belay.ops.http.impl.JvmMeters;
import io.belay.ops.http.impl.OpsRouter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops HTTP server: Prometheus metrics, health checks, the admin API and the dashboard.
 *
 * <pre>
 * GET  /                                  the dashboard
 * GET  /metrics                           Prometheus text format, JVM and system meters included
 * GET  /health/live                       200 while the process runs
 * GET  /health/ready                      200, or 503 with the reasons
 * GET  /api/topology                      every group, its epoch, leader, settings and backends
 * GET  /api/groups/{group}                one group
 * GET  /api/events                        recent events, oldest first
 * GET  /api/events/stream                 new events as Server-Sent Events
 * POST /api/groups/{group}/failover       planned switchover; answers with the new master
 * PUT  /api/groups/{group}/routing        change read policy, max lag, consistency, durability
 * </pre>
 *
 * With an admin token configured, every {@code /api/*} request needs
 * {@code Authorization: Bearer <token>}. Every error is {@code {"error": "..."}}.
 */
public final class OpsHttpServer {

  private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

  private final HttpServer server;
  private final JvmMeters jvmMeters;
  private final HttpOptions options;

  private OpsHttpServer(HttpServer server, JvmMeters jvmMeters, HttpOptions options) {
    this.server = server;
    this.jvmMeters = jvmMeters;
    this.options = options;
  }

  /**
   * Binds the server. The JVM and system meters are bound to {@code registry} here, so a
   * node's {@code /metrics} always has them.
   */
  public static Future<OpsHttpServer> start(Vertx vertx, HttpOptions options,
      PrometheusMeterRegistry registry, TopologyView topology, AdminActions admin,
      EventFeed events, Readiness readiness) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(readiness, "readiness");
    return vertx.executeBlocking(DashboardAssets::load).compose(dashboard -> {
      JvmMeters jvmMeters = JvmMeters.bindTo(registry);
      return vertx.createHttpServer()
          .requestHandler(OpsRouter.create(vertx, options, registry, topology, admin, events,
              readiness, dashboard))
          .listen(options.port(), options.host())
          .map(server -> new OpsHttpServer(server, jvmMeters, options))
          .onSuccess(started -> LOG.info("ops HTTP on http://{}:{}/ (admin token {})",
              hostForUrl(options.host()), started.port(),
              options.adminToken().isPresent() ? "required" : "not required"))
          .onFailure(failure -> jvmMeters.close());
    });
  }

  /** The bound port; differs from the options when they asked for port 0. */
  public int port() {
    return server.actualPort();
  }

  /** The bound host, as given in the options. */
  public String host() {
    return options.host();
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String url() {
    return "http://" + hostForUrl(options.host()) + ":" + port();
  }

  /** Closes the listener and every open connection, event streams included. */
  public Future<Void> close() {
    return server.close().eventually(() -> {
      jvmMeters.close();
      return Future.succeededFuture();
    });
  }

  private static String hostForUrl(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
