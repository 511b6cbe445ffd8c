package io.belay.routing;

import java.util.List;
import java.util.Objects;

/**
 * How a pipeline batch is routed.
 *
 * @param decisions  one decision per command, in the batch's order
 * @param stateAfter the session state once every command succeeded (see
 *                   {@link SessionState#after(RoutingDecision)})
 */
public record BatchPlan(List<RoutingDecision> decisions, SessionState stateAfter) {

  public BatchPlan {
    decisions = List.copyOf(decisions);
    Objects.requireNonNull(stateAfter, "stateAfter");
  }

  /** True when some command of the batch must reach the master; then no read leaves it. */
  public boolean pinnedToMaster() {
    for (RoutingDecision decision : decisions) {
      if (decision.needsMaster()) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the batch holds reads a replica may serve. The proxy should choose one replica for
   * all of them, so that the batch observes a single replication offset.
   */
  public boolean replicaEligible() {
    for (RoutingDecision decision : decisions) {
      if (decision.replicaEligible()) {
        return true;
      }
    }
    return false;
  }
}
