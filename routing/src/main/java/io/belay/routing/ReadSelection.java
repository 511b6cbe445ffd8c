package io.belay.routing;

import java.util.Objects;
import java.util.Optional;

/** What a {@link ReadPolicy} chose for one read. Never null: failure is a value too. */
public sealed interface ReadSelection {

  /** Why a read went to the master, or could not be served. */
  enum Cause {
    /** The policy reads from the master (MASTER, or ANY picked it). */
    POLICY,
    /** No replica is up, linked to the master and within {@code max-replica-lag}. */
    NO_ELIGIBLE_REPLICA,
    /** Replicas qualify, but none has this session's last write yet (read-your-writes). */
    NOT_FRESH_FOR_SESSION,
    /** The table has no master (a failover is under way). */
    NO_MASTER
  }

  /** The backend to read from, if any. */
  Optional<BackendRef> backend();

  record Replica(BackendRef replica) implements ReadSelection {
    public Replica {
      Objects.requireNonNull(replica, "replica");
    }

    @Override
    public Optional<BackendRef> backend() {
      return Optional.of(replica);
    }
  }

  record Master(BackendRef master, Cause cause) implements ReadSelection {
    public Master {
      Objects.requireNonNull(master, "master");
      Objects.requireNonNull(cause, "cause");
      if (cause == Cause.NO_MASTER) {
        throw new IllegalArgumentException("a selected master cannot be missing");
      }
    }

    @Override
    public Optional<BackendRef> backend() {
      return Optional.of(master);
    }
  }

  /**
   * No backend may serve the read: {@link Cause#NO_MASTER} when the master was needed during a
   * failover, {@link Cause#NO_ELIGIBLE_REPLICA} when the policy was told to fail.
   */
  record Unavailable(Cause cause) implements ReadSelection {
    public Unavailable {
      Objects.requireNonNull(cause, "cause");
      if (cause != Cause.NO_MASTER && cause != Cause.NO_ELIGIBLE_REPLICA) {
        throw new IllegalArgumentException("not a reason to refuse a read: " + cause);
      }
    }

    @Override
    public Optional<BackendRef> backend() {
      return Optional.empty();
    }
  }
}
