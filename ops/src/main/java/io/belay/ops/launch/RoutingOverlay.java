package io.belay.ops.launch;

import io.belay.ops.config.Consistency;
import io.belay.ops.config.Durability;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.ReadPolicy;
import io.belay.ops.config.Values;
import io.belay.ops.http.RoutingChange;
import io.belay.routing.MaxReplicaLag;
import io.belay.routing.RoutingSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing changes as the cluster shares them: under the configuration file's names and
 * spellings ({@code read-policy: least-lag}, {@code max-replica-lag: 200ms}), laid over each
 * node's configured values. A node applies the same change the same way whichever node took it,
 * and a setting nobody changed keeps the value of the node's own file.
 */
final class RoutingOverlay {

  static final String READ_POLICY = "read-policy";
  static final String MAX_REPLICA_LAG = "max-replica-lag";
  static final String CONSISTENCY = "consistency";
  static final String DURABILITY = "durability";

  private static final Logger log = LoggerFactory.getLogger(RoutingOverlay.class);

  private RoutingOverlay() {
  }

  /** The fields {@code change} sets, by configuration name. */
  static Map<String, String> shared(RoutingChange change) {
    Map<String, String> out = new LinkedHashMap<>();
    change.readPolicy().ifPresent(p -> out.put(READ_POLICY, p.configName()));
    change.maxReplicaLag().ifPresent(d -> out.put(MAX_REPLICA_LAG, Values.formatDuration(d)));
    change.consistency().ifPresent(c -> out.put(CONSISTENCY, c.configName()));
    change.durability().ifPresent(d -> out.put(DURABILITY, d.toString()));
    return out;
  }

  /**
   * {@code group}'s configured routing with {@code values} laid over it. A name or value this
   * node does not understand (a newer node wrote it) is skipped with a warning, so that one
   * unknown field does not keep the rest from applying.
   */
  static RoutingSettings apply(GroupConfig group, Map<String, String> values) {
    RoutingSettings s = Translate.routing(group);
    for (Map.Entry<String, String> e : values.entrySet()) {
      try {
        s = apply(s, e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        log.warn("group {}: ignoring shared setting {}={}: {}", group.name(), e.getKey(), e.getValue(),
            bad.getMessage());
      }
    }
    return s;
  }

  private static RoutingSettings apply(RoutingSettings s, String name, String value) {
    switch (name) {
      case READ_POLICY:
        return s.withReadPolicy(io.belay.routing.ReadPolicy.fromConfigName(ReadPolicy.parse(value).configName()));
      case MAX_REPLICA_LAG:
        return s.withMaxReplicaLag(MaxReplicaLag.ofTime(Values.parseDuration(value)));
      case CONSISTENCY:
        return s.withConsistency(io.belay.routing.Consistency.fromConfigName(Consistency.parse(value).configName()));
      case DURABILITY:
        return s.withDurability(Translate.durability(Durability.parse(value)));
      default:
        throw new IllegalArgumentException("unknown setting");
    }
  }
}
