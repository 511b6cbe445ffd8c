package io.belay.ops.http.impl;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: the Prometheus text exposition format, version 0.0.4. */
public final class MetricsHandler implements Handler<RoutingContext> {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;

  public MetricsHandler(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // A scrape walks every meter and reads JVM beans; it stays off the event loop.
    vertx.executeBlocking(registry::scrape, false).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else if (!ctx.response().closed()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(result.result());
      }
    });
  }
}
