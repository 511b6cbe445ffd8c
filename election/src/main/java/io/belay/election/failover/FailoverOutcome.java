package io.belay.election.failover;

import io.belay.routing.BackendRef;

/** How a failover attempt ended. */
public sealed interface FailoverOutcome {

  /** {@code master} was promoted and published in {@code epoch}. */
  record Completed(BackendRef master, long epoch) implements FailoverOutcome {
  }

  /** The attempt gave up in {@code state} because of {@code reason}. */
  record Aborted(FailoverState state, String reason) implements FailoverOutcome {
  }
}
