package io.belay.election;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the election saw or did. {@link #toString()} is the line Sentinel would log, e.g.
 * {@code +switch-master mymaster 127.0.0.1 6380 127.0.0.1 6381}.
 *
 * @param type        what happened
 * @param group       the group it happened to, or empty for cluster-wide events
 * @param description Sentinel's event description (the part after the type), e.g.
 *                    {@code master mymaster 127.0.0.1 6379 #quorum 2/2}
 * @param epoch       the group's epoch when it happened, or -1 when none is known
 * @param at          when it happened
 */
public record ElectionEvent(EventType type, String group, String description, long epoch,
    Instant at) {

  public ElectionEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public String toString() {
    return type.text() + " " + description;
  }
}
