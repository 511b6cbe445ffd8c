package io.belay.ops.http;

import io.belay.ops.config.Consistency;
import io.belay.ops.config.Durability;
import io.belay.ops.config.ReadPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing settings an operator asked to change; an empty field keeps its value. The API
 * parses the JSON body with the same parsers as the configuration file, so a change holds
 * only values a group could have been configured with.
 *
 * @param readPolicy    where reads go
 * @param maxReplicaLag replicas further behind than this are not read from
 * @param consistency   what clients may observe when reading from replicas
 * @param durability    when writes are acknowledged
 */
public record RoutingChange(
    Optional<ReadPolicy> readPolicy,
    Optional<Duration> maxReplicaLag,
    Optional<Consistency> consistency,
    Optional<Durability> durability) {

  public RoutingChange {
    Objects.requireNonNull(readPolicy, "readPolicy");
    Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(durability, "durability");
    maxReplicaLag.ifPresent(lag -> {
      if (lag.isNegative()) {
        throw new IllegalArgumentException("maxReplicaLag must not be negative: " + lag);
      }
    });
  }

  public boolean isEmpty() {
    return readPolicy.isEmpty() && maxReplicaLag.isEmpty() && consistency.isEmpty()
        && durability.isEmpty();
  }
}
