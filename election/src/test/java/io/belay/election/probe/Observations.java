package io.belay.election.probe;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.List;

/** Observations for tests, as probes would report them. */
public final class Observations {

  private Observations() {
  }

  public static Observation master(BackendRef b, long offset,
      List<ProbeResult.ListedReplica> replicas) {
    return up(new ProbeResult(b, true, false, BackendRole.MASTER, offset, -1, null, 0, true, -1,
        100, "run-" + b.id(), -1, replicas, System.currentTimeMillis()));
  }

  public static Observation replica(BackendRef b, BackendRef of, long offset) {
    return up(new ProbeResult(b, true, false, BackendRole.REPLICA, offset, offset, of.host(),
        of.port(), true, -1, 100, "run-" + b.id(), -1, List.of(), System.currentTimeMillis()));
  }

  public static Observation up(ProbeResult r) {
    return new Observation(r, r, false, 0);
  }

  /** Down now, after having been seen as {@code before} (or never, when null). */
  public static Observation down(BackendRef b, Observation before) {
    long now = System.currentTimeMillis();
    return new Observation(ProbeResult.unreachable(b, now),
        before == null ? null : before.lastReachable(), true, now - 1_000);
  }
}
