package io.belay.ops.http.impl;

import io.belay.ops.http.AdminActions;
import io.belay.ops.http.EventFeed;
import io.belay.ops.http.HttpOptions;
import io.belay.ops.http.Readiness;
import io.belay.ops.http.TopologyView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the ops server in one place, so the API can be read top to bottom. */
public final class OpsRouter {

  private static final Logger LOG = LoggerFactory.getLogger(OpsRouter.class);

  /** A routing change is four short fields; anything near this size is not one. */
  static final long MAX_BODY_BYTES = 16 * 1024;

  private OpsRouter() {
  }

  public static Router create(Vertx vertx, HttpOptions options, PrometheusMeterRegistry registry,
      TopologyView topology, AdminActions admin, EventFeed events, Readiness readiness,
      DashboardAssets dashboard) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    });

    HealthHandlers health = new HealthHandlers(readiness);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(new MetricsHandler(vertx, registry));

    if (options.adminToken().isEmpty() && !ApiGuard.isLoopbackName(options.host())) {
      LOG.warn("ops HTTP listens on {} without an admin token: anyone who reaches it can"
          + " trigger a failover; set an admin token or bind to 127.0.0.1", options.host());
    }
    ApiHandlers api = new ApiHandlers(topology, events);
    AdminHandlers adminHandlers = new AdminHandlers(topology, admin);
    router.route("/api/*").handler(new ApiGuard(options.host(), options.adminToken()));
    router.get("/api/topology").handler(api::topology);
    router.get("/api/groups/:group").handler(api::group);
    router.get("/api/events").handler(api::events);
    router.get("/api/events/stream").handler(new EventStream(vertx, events));
    router.post("/api/groups/:group/failover").handler(adminHandlers::failover);
    router.put("/api/groups/:group/routing")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(adminHandlers::updateRouting);

    dashboard.mount(router);

    ErrorHandler errors = new ErrorHandler();
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, errors);
    }
    return router;
  }
}
