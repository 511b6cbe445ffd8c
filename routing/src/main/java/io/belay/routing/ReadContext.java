package io.belay.routing;

import java.util.Objects;

/**
 * Everything a {@link ReadPolicy} needs besides the table, for one read.
 *
 * @param maxReplicaLag      replicas further behind are skipped
 * @param noReplicaBehaviour what replica-only policies do when no replica qualifies
 * @param freshness          the session's consistency rule ({@link Freshness#ANY} for eventual)
 * @param spread             how to choose among equally good candidates (the group's, so that
 *                           round-robin turns are shared by the group's sessions)
 */
public record ReadContext(
    MaxReplicaLag maxReplicaLag,
    NoReplicaBehaviour noReplicaBehaviour,
    Freshness freshness,
    Spread spread) {

  public ReadContext {
    Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
    Objects.requireNonNull(noReplicaBehaviour, "noReplicaBehaviour");
    Objects.requireNonNull(freshness, "freshness");
    Objects.requireNonNull(spread, "spread");
  }
}
