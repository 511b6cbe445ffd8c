package io.belay.ops.http.impl;

import io.belay.ops.http.AdminActionException;
import io.belay.ops.http.AdminActions;
import io.belay.ops.http.RoutingChange;
import io.belay.ops.http.TopologyView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The write side of the API: planned switchover and routing changes. */
public final class AdminHandlers {

  /**
   * A planned switchover waits for the chosen replica to catch up; past this the operator
   * gets an answer instead of a hung request, while the switchover itself goes on.
   */
  static final long ACTION_TIMEOUT_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandlers.class);

  private final TopologyView topology;
  private final AdminActions admin;

  public AdminHandlers(TopologyView topology, AdminActions admin) {
    this.topology = topology;
    this.admin = admin;
  }

  public void failover(RoutingContext ctx) {
    String group = ApiHandlers.requireGroup(topology, ctx.pathParam("group")).name();
    LOG.info("planned switchover of {} requested from {}", group, ctx.request().remoteAddress());
    call(() -> admin.switchover(group))
        .onSuccess(master -> {
          LOG.info("planned switchover of {} done: new master {}", group, master);
          Responses.json(ctx, 200, new JsonObject().put("group", group).put("master", master));
        })
        .onFailure(failure -> refused(ctx, "switchover of " + group, failure));
  }

  public void updateRouting(RoutingContext ctx) {
    String group = ApiHandlers.requireGroup(topology, ctx.pathParam("group")).name();
    RoutingChange change = RoutingChangeParser.parse(ctx.body().buffer());
    LOG.info("routing change of {} requested from {}: {}", group, ctx.request().remoteAddress(),
        change);
    call(() -> admin.updateRouting(group, change))
        .onSuccess(ignored -> Responses.json(ctx, 200, new JsonObject()
            .put("group", group)
            .put("settings", topology.snapshot().group(group)
                .map(view -> TopologyJson.settings(view.settings())).orElse(null))))
        .onFailure(failure -> refused(ctx, "routing change of " + group, failure));
  }

  private static <T> Future<T> call(java.util.function.Supplier<Future<T>> action) {
    try {
      return action.get().timeout(ACTION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void refused(RoutingContext ctx, String what, Throwable failure) {
    if (failure instanceof AdminActionException refusal) {
      LOG.info("{} refused: {}", what, refusal.getMessage());
      Responses.error(ctx, refusal.reason().httpStatus(), refusal.getMessage());
    } else if (failure instanceof TimeoutException) {
      LOG.warn("{} did not finish within {}s", what, ACTION_TIMEOUT_SECONDS);
      Responses.error(ctx, 504, what + " did not finish within " + ACTION_TIMEOUT_SECONDS
          + "s; it may still complete, see /api/topology and /api/events");
    } else {
      LOG.error("{} failed", what, failure);
      Responses.error(ctx, 500, what + " failed: " + failure);
    }
  }
}
