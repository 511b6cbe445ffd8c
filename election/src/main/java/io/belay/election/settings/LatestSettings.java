package io.belay.election.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The newest settings seen per group. Changes reach a node by more than one path (its own
 * write, the map's entry events, a periodic read after a partition healed) and in no
 * guaranteed order between them; whatever the order, a node ends on the highest version and
 * never goes back to a lower one. Not thread-safe: the channel uses it on one context.
 */
public final class LatestSettings {

  private final Map<String, SharedSettings> latest = new LinkedHashMap<>();

  /** Takes {@code s} if it is newer than what is held; returns whether it did. */
  public boolean offer(SharedSettings s) {
    SharedSettings held = latest.get(s.group());
    if (held != null && !s.newerThan(held)) {
      return false;
    }
    latest.put(s.group(), s);
    return true;
  }

  public Optional<SharedSettings> get(String group) {
    return Optional.ofNullable(latest.get(group));
  }

  /** The held settings of every group that has any, in the order they first arrived. */
  public Iterable<SharedSettings> all() {
    return latest.values();
  }
}
