package io.belay.ops.http.impl;

import io.belay.ops.http.Readiness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code /health/live} and {@code /health/ready}, for orchestrators and load balancers. */
public final class HealthHandlers {

  static final String NO_MASTER = "no known master for at least one group";
  static final String MINORITY = "this node is not in the cluster majority";

  private final Readiness readiness;

  public HealthHandlers(Readiness readiness) {
    this.readiness = readiness;
  }

  /** Answers while the event loop does: a restart is the only cure for a silent process. */
  public void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "live"));
  }

  public void ready(RoutingContext ctx) {
    boolean masters = readiness.knowsMasterForEveryGroup();
    boolean majority = readiness.inClusterMajority();
    JsonObject checks = new JsonObject()
        .put("knowsMasterForEveryGroup", masters)
        .put("inClusterMajority", majority);
    if (masters && majority) {
      Responses.json(ctx, 200, new JsonObject().put("status", "ready").put("checks", checks));
      return;
    }
    List<String> reasons = new ArrayList<>();
    if (!masters) {
      reasons.add(NO_MASTER);
    }
    if (!majority) {
      reasons.add(MINORITY);
    }
    Responses.json(ctx, 503, new JsonObject()
        .put("status", "not ready")
        .put("error", "not ready: " + String.join("; ", reasons))
        .put("reasons", new JsonArray(new ArrayList<Object>(reasons)))
        .put("checks", checks));
  }
}
