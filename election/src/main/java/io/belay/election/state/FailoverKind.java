package io.belay.election.state;

/** Why a failover attempt runs. */
public enum FailoverKind {
  /** The master is objectively down. */
  FAILOVER,
  /** An operator asked for it ({@code SENTINEL FAILOVER}): no agreement, no data-loss budget. */
  FORCED,
  /** A planned switchover: writes held, the chosen replica catches up, nothing is lost. */
  SWITCHOVER
}
