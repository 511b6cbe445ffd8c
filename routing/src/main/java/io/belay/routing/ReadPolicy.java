package io.belay.routing;

import io.belay.routing.impl.ReadPresets;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the backend for a read that classification found replica-eligible
 * ({@code read-policy} in the configuration). Implementations must not block and must not throw
 * for any table: a table without a usable backend yields {@link ReadSelection.Unavailable}.
 *
 * <p>Replicas are only ever chosen when they report the replica role, are up, have their link
 * to the master up, are within {@code max-replica-lag}, and are fresh for the session.
 */
public interface ReadPolicy {

  // Keep this interface free of default methods: the presets implement it, and a default
  // method would make initialising a preset initialise this interface, whose constants read
  // the presets back while they are still null.

  /** Always the master. */
  ReadPolicy MASTER = ReadPresets.MASTER;
  /** A replica when one qualifies, otherwise the master, whatever {@link NoReplicaBehaviour}. */
  ReadPolicy PREFER_REPLICA = ReadPresets.PREFER_REPLICA;
  /** Only replicas; when none qualifies, {@link NoReplicaBehaviour} decides. */
  ReadPolicy REPLICA = ReadPresets.REPLICA;
  /** The master and every qualifying replica alike. */
  ReadPolicy ANY = ReadPresets.ANY;
  /** The qualifying replica with the least lag; when none qualifies, as {@link #REPLICA}. */
  ReadPolicy LEAST_LAG = ReadPresets.LEAST_LAG;

  ReadSelection select(RoutingTable table, ReadContext context);

  /** The name in the configuration ({@code prefer-replica}). */
  String configName();

  /** The presets, in the order the configuration documents them. */
  static List<ReadPolicy> presets() {
    return List.of(MASTER, PREFER_REPLICA, REPLICA, ANY, LEAST_LAG);
  }

  /** The preset for {@code master | prefer-replica | replica | any | least-lag}. */
  static ReadPolicy fromConfigName(String name) {
    Objects.requireNonNull(name, "name");
    for (ReadPolicy preset : presets()) {
      if (preset.configName().equalsIgnoreCase(name.trim())) {
        return preset;
      }
    }
    throw new IllegalArgumentException("unknown read-policy '" + name
        + "', expected master, prefer-replica, replica, any or least-lag");
  }
}
