package io.belay.election.failover;

import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;

/**
 * One replica as replica selection sees it.
 *
 * @param backend         the replica
 * @param down            subjectively down, or unreachable in the latest round
 * @param loading         answering {@code -LOADING} or {@code -BUSY}
 * @param role            the role it reports
 * @param priority        its replica-priority; 0 means never promote
 * @param offset          its replication offset, -1 when unknown
 * @param runId           its run id, or null
 * @param linkDownMillis  how long its link to the master has been down, 0 when up
 * @param replyAgeMillis  how old its latest valid probe reply is
 */
public record ReplicaCandidate(
    BackendRef backend,
    boolean down,
    boolean loading,
    BackendRole role,
    int priority,
    long offset,
    String runId,
    long linkDownMillis,
    long replyAgeMillis) {

  /** The candidate {@code observation} describes, as of {@code nowMillis}. */
  public static ReplicaCandidate of(Observation observation, long nowMillis) {
    ProbeResult r = observation.lastReachable() != null ? observation.lastReachable()
        : observation.latest();
    return new ReplicaCandidate(
        r.backend(),
        !observation.up(),
        r.loading(),
        r.role(),
        r.priority(),
        r.offset().orElse(-1),
        r.runId(),
        r.linkDownSeconds() > 0 ? r.linkDownSeconds() * 1000 : 0,
        r.reachable() ? Math.max(0, nowMillis - r.atMillis()) : Long.MAX_VALUE);
  }
}
