package io.belay.election.probe;

import java.util.Objects;

/**
 * Everything this node knows about one backend at one moment: the latest probe round, the last
 * one that got an answer, and whether the backend is subjectively down.
 *
 * @param latest          the latest round, reachable or not
 * @param lastReachable   the last round with a reply, or null if none ever had one
 * @param down            subjectively down (no valid reply for {@code down-after})
 * @param downSinceMillis when it went down, or 0 while up
 */
public record Observation(ProbeResult latest, ProbeResult lastReachable, boolean down,
    long downSinceMillis) {

  public Observation {
    Objects.requireNonNull(latest, "latest");
  }

  /** Reachable in the latest round and not subjectively down. */
  public boolean up() {
    return !down && latest.reachable();
  }
}
