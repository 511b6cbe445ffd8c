package io.belay.ops.http.impl;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers, and nothing once the client has gone. */
final class Responses {

  static final String JSON = "application/json; charset=utf-8";

  private Responses() {
  }

  /** Writes {@code body} (a JsonObject or JsonArray) with {@code status}. */
  static void json(RoutingContext ctx, int status, Object body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toString());
  }

  static void error(RoutingContext ctx, ApiError error) {
    json(ctx, error.status(), error.body());
  }

  static void error(RoutingContext ctx, int status, String message) {
    error(ctx, new ApiError(status, message));
  }
}
