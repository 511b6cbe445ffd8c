package io.belay.ops.http.impl;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure and every unmatched request into {@code {"error": "..."}}, so a
 * client of the API never has to parse an HTML error page.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError error) {
      Responses.error(ctx, error);
      return;
    }
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    if (status == 404) {
      Responses.error(ctx, 404, "no such resource: " + ctx.request().method() + " "
          + ctx.request().path());
    } else if (status == 405) {
      Responses.error(ctx, 405, "method " + ctx.request().method() + " not allowed on "
          + ctx.request().path());
    } else if (status == 413) {
      Responses.error(ctx, 413, "request body too large");
    } else if (status >= 400 && status < 500) {
      Responses.error(ctx, status, "request refused (HTTP " + status + ")");
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      Responses.error(ctx, 500, "internal error"
          + (failure == null ? "" : ": " + failure.getClass().getSimpleName()));
    }
  }
}
