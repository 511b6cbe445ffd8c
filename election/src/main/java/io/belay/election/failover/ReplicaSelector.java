package io.belay.election.failover;

import io.belay.routing.BackendRole;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which replica a failover promotes, as Sentinel's {@code sentinelSelectSlave} decides it.
 *
 * <p>First the filters: a replica is skipped when it is down, still loading, has not answered a
 * probe recently, has had its link to the master down for much longer than the master has been
 * down (its data stopped long before the failure), or has replica-priority 0 (the operator said
 * never). Then the {@link #ORDER}: lowest replica-priority, then the larger replication offset
 * (the least data lost), then the lexicographically smaller run id, so every node ranks the same
 * replicas the same way.
 */
public final class ReplicaSelector {

  /**
   * Lower priority first, larger offset first, smaller run id first; an unknown run id sorts
   * last. Consistent with equals only up to those three fields, which is all selection needs.
   */
  public static final Comparator<ReplicaCandidate> ORDER =
      Comparator.comparingInt(ReplicaCandidate::priority)
          .thenComparing(Comparator.comparingLong(ReplicaCandidate::offset).reversed())
          .thenComparing(ReplicaCandidate::runId, Comparator.nullsLast(Comparator.naturalOrder()));

  /**
   * The bounds the filters apply.
   *
   * @param masterDownMillis  how long the master has been down (0 in a switchover)
   * @param downAfterMillis   the group's down-after
   * @param maxReplyAgeMillis the oldest probe reply still trusted
   */
  public record Limits(long masterDownMillis, long downAfterMillis, long maxReplyAgeMillis) {
  }

  private ReplicaSelector() {
  }

  /** Why {@code c} may not be promoted, or empty when it may. */
  public static Optional<String> rejection(ReplicaCandidate c, Limits limits) {
    if (c.down()) {
      return Optional.of("down");
    }
    if (c.loading()) {
      return Optional.of("loading");
    }
    if (c.role() != BackendRole.REPLICA) {
      return Optional.of("not a replica");
    }
    if (c.replyAgeMillis() > limits.maxReplyAgeMillis()) {
      return Optional.of("no recent probe reply");
    }
    // Sentinel: link down longer than (time master is down) + 10 * down-after
    if (c.linkDownMillis() > limits.masterDownMillis() + 10 * limits.downAfterMillis()) {
      return Optional.of("link to master down for too long");
    }
    if (c.priority() == 0) {
      return Optional.of("replica-priority 0");
    }
    return Optional.empty();
  }

  /** The best candidate that passes the filters, if any. */
  public static Optional<ReplicaCandidate> select(Collection<ReplicaCandidate> candidates,
      Limits limits) {
    return candidates.stream()
        .filter(c -> rejection(c, limits).isEmpty())
        .min(ORDER);
  }

  /**
   * The bytes a promotion of a replica at {@code candidateOffset} loses against a master last
   * seen at {@code masterOffset}; 0 when either is unknown (nothing to measure against).
   */
  public static long expectedLoss(long masterOffset, long candidateOffset) {
    if (masterOffset < 0 || candidateOffset < 0) {
      return 0;
    }
    return Math.max(0, masterOffset - candidateOffset);
  }
}
