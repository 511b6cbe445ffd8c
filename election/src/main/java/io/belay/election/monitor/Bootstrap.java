package io.belay.election.monitor;

import io.belay.election.GroupSpec;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The first decision about a group, made by the leader when the cluster has no state for it:
 * which backend is the master, found by asking the backends rather than trusting the order of
 * the configuration. Pure.
 *
 * <p>The master is the one reachable backend reporting the master role; if several do, the one
 * the most replicas follow; if none is reachable, the one every reachable replica follows. Any
 * other picture is ambiguous and left to an operator, since guessing could demote the backend
 * holding the data.
 */
public final class Bootstrap {

  /** What discovery found. */
  public sealed interface Discovery {
    record Found(GroupState state) implements Discovery {
    }

    record Undecided(String reason) implements Discovery {
    }
  }

  private Bootstrap() {
  }

  /**
   * @param knownEpoch the highest epoch this node knows of (its holder's); the first epoch goes
   *                   above it and above every epoch a backend reports
   */
  public static Discovery discover(GroupSpec spec, Function<BackendRef, Observation> observe,
      long knownEpoch) {
    List<BackendRef> masters = new ArrayList<>();
    Map<BackendRef, Integer> followers = new HashMap<>();
    long epoch = Math.max(0, knownEpoch);
    for (BackendRef b : spec.backends()) {
      ProbeResult r = observe.apply(b).latest();
      if (!r.reachable()) {
        continue;
      }
      epoch = Math.max(epoch, r.epoch());
      if (r.role() == BackendRole.MASTER && !r.loading()) {
        masters.add(b);
      } else if (r.role() == BackendRole.REPLICA && r.masterHost() != null) {
        spec.backendAt(r.masterHost(), r.masterPort())
            .ifPresent(m -> followers.merge(m, 1, Integer::sum));
      }
    }
    BackendRef master = null;
    if (masters.size() == 1) {
      master = masters.get(0);
    } else if (masters.size() > 1) {
      master = mostFollowed(masters, followers);
      if (master == null) {
        return new Discovery.Undecided("several masters and no way to tell them apart: "
            + masters);
      }
    } else if (followers.size() == 1) {
      master = followers.keySet().iterator().next();
    } else {
      return new Discovery.Undecided(followers.isEmpty() ? "no master reachable"
          : "replicas follow different masters: " + followers.keySet());
    }
    List<String> replicas = new ArrayList<>();
    for (BackendRef b : spec.backends()) {
      if (!b.equals(master)) {
        replicas.add(b.id());
      }
    }
    return new Discovery.Found(GroupState.bootstrap(spec.name(), epoch + 1, master.id(),
        replicas));
  }

  private static BackendRef mostFollowed(List<BackendRef> masters,
      Map<BackendRef, Integer> followers) {
    BackendRef best = null;
    int bestCount = 0;
    boolean tie = false;
    for (BackendRef m : masters) {
      int n = followers.getOrDefault(m, 0);
      if (n > bestCount) {
        best = m;
        bestCount = n;
        tie = false;
      } else if (n == bestCount) {
        tie = true;
      }
    }
    return tie || bestCount == 0 ? null : best;
  }
}
