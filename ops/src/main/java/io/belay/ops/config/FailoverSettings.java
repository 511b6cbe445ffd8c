package io.belay.ops.config;

import io.belay.election.GroupSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * How a group's backends are watched and how far a failover may go.
 *
 * @param probeInterval   how often each backend is probed; shorter than {@code down-after}, or
 *                        a healthy backend would look down between two probes
 * @param failoverTimeout the longest one failover step that waits on a backend may take, and
 *                        the pause before a failed failover is tried again (Sentinel's
 *                        {@code failover-timeout})
 * @param dataLossBudget  the most replication bytes a failover may lose
 */
public record FailoverSettings(Duration probeInterval, Duration failoverTimeout,
    DataLossBudget dataLossBudget) {

  /** The election's own defaults: 100 ms probes, 10 s failover timeout, no loss limit. */
  public static final FailoverSettings DEFAULTS = new FailoverSettings(
      GroupSpec.DEFAULT_PROBE_INTERVAL, GroupSpec.DEFAULT_FAILOVER_TIMEOUT, DataLossBudget.UNLIMITED);

  public FailoverSettings {
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(failoverTimeout, "failoverTimeout");
    Objects.requireNonNull(dataLossBudget, "dataLossBudget");
  }
}
