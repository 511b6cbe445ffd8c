package io.belay.election.failover;

import io.belay.election.GroupSpec;

/**
 * The phases of one failover attempt, in order, after Redis Sentinel's
 * {@code SENTINEL_FAILOVER_STATE_*}. A planned switchover adds {@link #HOLD_WRITES} and
 * {@link #WAIT_CATCH_UP}; a failover skips them. Every phase has a deadline; a phase that
 * misses it aborts the attempt.
 */
public enum FailoverState {
  /** Claim the next epoch in the shared state (compare-and-set) before touching any backend. */
  WAIT_START,
  /** Pick the replica to promote: Sentinel's filters and order, then the data-loss budget. */
  SELECT_REPLICA,
  /** Switchover only: publish a table without a master so proxies hold writes. */
  HOLD_WRITES,
  /** Switchover only: wait until the chosen replica's offset reaches the master's. */
  WAIT_CATCH_UP,
  /** Order the chosen replica to become master in the claimed epoch. */
  SEND_PROMOTE,
  /** Wait until the chosen replica reports the master role. */
  WAIT_PROMOTION,
  /** Order every other reachable backend to replicate the new master in the claimed epoch. */
  RECONFIGURE_REPLICAS,
  /** Publish the new topology in the claimed epoch; every node offers it to its proxies. */
  PUBLISH_TABLE,
  /** The attempt finished. */
  DONE;

  /** How long this phase may take in {@code spec}'s group. */
  public long timeoutMillis(GroupSpec spec) {
    long command = Math.min(spec.failoverTimeout().toMillis(), 5_000);
    switch (this) {
      case WAIT_CATCH_UP:
      case WAIT_PROMOTION:
      case RECONFIGURE_REPLICAS:
        return spec.failoverTimeout().toMillis();
      case SEND_PROMOTE:
        // may first wait out the lease of a node that just left (see FailoverMachine)
        return command + spec.lease().toMillis();
      default:
        return command;
    }
  }
}
