package io.belay.election;

import io.belay.routing.BackendRef;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One master/replica group as the election watches it.
 *
 * @param name            the group name ({@code master-name} in Sentinel's words)
 * @param backends        every backend of the group; which one is the master is discovered from
 *                        the backends the first time, then kept in the cluster's shared state
 * @param quorum          how many Belay nodes must see the master subjectively down before it
 *                        is objectively down
 * @param downAfter       how long a backend may go without a valid reply before this node
 *                        considers it subjectively down ({@code down-after-milliseconds})
 * @param probeInterval   how often each backend is probed
 * @param failoverTimeout the longest one failover step that waits on a backend may take, and the
 *                        pause before a failed failover is tried again
 * @param dataLossBudget  the most replication bytes a failover may lose: when the master's last
 *                        seen offset minus the best replica's offset exceeds it, no replica is
 *                        promoted until an operator forces it; {@link #UNLIMITED} by default
 * @param hooks           scripts and webhooks run on events
 */
public record GroupSpec(
    String name,
    List<BackendRef> backends,
    int quorum,
    Duration downAfter,
    Duration probeInterval,
    Duration failoverTimeout,
    long dataLossBudget,
    Hooks hooks) {

  public static final long UNLIMITED = Long.MAX_VALUE;
  public static final Duration DEFAULT_DOWN_AFTER = Duration.ofSeconds(1);
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(10);

  public GroupSpec {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("group name must not be empty");
    }
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("group " + name + " has no backends");
    }
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (BackendRef b : backends) {
      if (!ids.add(b.id()) || !addresses.add(b.address())) {
        throw new IllegalArgumentException("group " + name + " lists " + b + " twice");
      }
    }
    if (quorum < 1) {
      throw new IllegalArgumentException("quorum of group " + name + " must be at least 1");
    }
    requirePositive(downAfter, "down-after");
    requirePositive(probeInterval, "probe-interval");
    requirePositive(failoverTimeout, "failover-timeout");
    if (dataLossBudget < 0) {
      throw new IllegalArgumentException("data-loss-budget must not be negative");
    }
    Objects.requireNonNull(hooks, "hooks");
  }

  /** A group with the defaults: 1 s down-after, 100 ms probes, 10 s failover timeout. */
  public static GroupSpec of(String name, List<BackendRef> backends, int quorum) {
    return new GroupSpec(name, backends, quorum, DEFAULT_DOWN_AFTER, DEFAULT_PROBE_INTERVAL,
        DEFAULT_FAILOVER_TIMEOUT, UNLIMITED, Hooks.NONE);
  }

  public GroupSpec withDownAfter(Duration d) {
    return new GroupSpec(name, backends, quorum, d, probeInterval, failoverTimeout,
        dataLossBudget, hooks);
  }

  public GroupSpec withProbeInterval(Duration d) {
    return new GroupSpec(name, backends, quorum, downAfter, d, failoverTimeout, dataLossBudget,
        hooks);
  }

  public GroupSpec withFailoverTimeout(Duration d) {
    return new GroupSpec(name, backends, quorum, downAfter, probeInterval, d, dataLossBudget,
        hooks);
  }

  public GroupSpec withDataLossBudget(long bytes) {
    return new GroupSpec(name, backends, quorum, downAfter, probeInterval, failoverTimeout, bytes,
        hooks);
  }

  public GroupSpec withHooks(Hooks h) {
    return new GroupSpec(name, backends, quorum, downAfter, probeInterval, failoverTimeout,
        dataLossBudget, h);
  }

  /**
   * How long a node cut off from the majority keeps routing writes to the master it knows:
   * twice {@code down-after}, so the majority side cannot have promoted a replica (which takes at
   * least {@code down-after} plus the membership timeout) long before the minority stops.
   */
  public Duration lease() {
    return downAfter.multipliedBy(2);
  }

  public Optional<BackendRef> backend(String id) {
    return backends.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /** The backend at {@code host:port}, as replicas and masters name each other. */
  public Optional<BackendRef> backendAt(String host, int port) {
    return backends.stream().filter(b -> b.port() == port && b.host().equalsIgnoreCase(host))
        .findFirst();
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
