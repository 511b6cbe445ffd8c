package io.belay.election.monitor;

import io.belay.election.EventType;
import io.belay.election.GroupSpec;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Brings backends back in line with the shared state between failovers, as Sentinel does: a
 * backend other than the master that reports the master role (typically the old master,
 * restarted) is demoted ({@code +convert-to-slave}), and a replica that follows anyone but the
 * master is repointed ({@code +fix-slave-config}). Both orders carry the group's current epoch,
 * so a Belay backend fenced by a newer leader refuses them. Pure: it only plans.
 */
public final class Reconciler {

  /** One order to send: make {@code backend} a replica of {@code master}. */
  public record Order(BackendRef backend, BackendRef master, long epoch, EventType event) {
  }

  private Reconciler() {
  }

  public static List<Order> plan(GroupSpec spec, GroupState state,
      Function<BackendRef, Observation> observe) {
    List<Order> orders = new ArrayList<>();
    if (state.attempt() != null || state.holdWrites()) {
      return orders;
    }
    BackendRef master = spec.backend(state.master()).orElse(null);
    if (master == null) {
      return orders;
    }
    for (BackendRef b : spec.backends()) {
      if (b.equals(master)) {
        continue;
      }
      Observation o = observe.apply(b);
      if (!o.up()) {
        continue;
      }
      ProbeResult r = o.latest();
      if (r.loading()) {
        continue;
      }
      if (r.role() == BackendRole.MASTER) {
        orders.add(new Order(b, master, state.epoch(), EventType.CONVERT_TO_REPLICA));
      } else if (r.role() == BackendRole.REPLICA && !r.replicates(master)) {
        orders.add(new Order(b, master, state.epoch(), EventType.FIX_REPLICA_CONFIG));
      }
    }
    return orders;
  }
}
