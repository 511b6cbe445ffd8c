package io.belay.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code max-replica-lag}: replicas further behind than this are not read from. Either bound, or
 * both, may be set. A replica whose lag is unknown for a bound that is set is not admitted: the
 * router cannot show it is within the bound.
 *
 * @param time  the most a replica may be behind in time
 * @param bytes the most a replica may be behind in replication stream bytes
 */
public record MaxReplicaLag(Optional<Duration> time, OptionalLong bytes) {

  /** No bound: every replica that is up with its link up is admitted. */
  public static final MaxReplicaLag NONE =
      new MaxReplicaLag(Optional.empty(), OptionalLong.empty());

  public MaxReplicaLag {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(bytes, "bytes");
    if (time.isPresent() && time.get().isNegative()) {
      throw new IllegalArgumentException("max-replica-lag must not be negative: " + time.get());
    }
    if (bytes.isPresent() && bytes.getAsLong() < 0) {
      throw new IllegalArgumentException("max-replica-lag bytes must not be negative: "
          + bytes.getAsLong());
    }
  }

  public static MaxReplicaLag ofTime(Duration time) {
    return new MaxReplicaLag(Optional.of(time), OptionalLong.empty());
  }

  public static MaxReplicaLag ofBytes(long bytes) {
    return new MaxReplicaLag(Optional.empty(), OptionalLong.of(bytes));
  }

  public static MaxReplicaLag of(Duration time, long bytes) {
    return new MaxReplicaLag(Optional.of(time), OptionalLong.of(bytes));
  }

  /** Whether the replica is within every bound that is set. A lag equal to a bound is within. */
  public boolean admits(BackendView replica) {
    if (time.isPresent()) {
      OptionalLong lag = replica.lagMillis();
      if (lag.isEmpty() || lag.getAsLong() > time.get().toMillis()) {
        return false;
      }
    }
    if (bytes.isPresent()) {
      OptionalLong lag = replica.lagBytes();
      if (lag.isEmpty() || lag.getAsLong() > bytes.getAsLong()) {
        return false;
      }
    }
    return true;
  }
}
