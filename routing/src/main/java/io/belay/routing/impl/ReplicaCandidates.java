package io.belay.routing.impl;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.belay.routing.BackendView;
import io.belay.routing.ReadContext;
import io.belay.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replicas of a table a read may go to, in table order, in two tiers: {@code eligible}
 * (healthy and within {@code max-replica-lag}) and, among those, {@code fresh} (admitted by the
 * session's consistency rule).
 */
record ReplicaCandidates(List<BackendView> eligible, List<BackendView> fresh) {

  static ReplicaCandidates of(RoutingTable table, ReadContext context) {
    List<BackendView> eligible = new ArrayList<>(table.replicas().size());
    List<BackendView> fresh = new ArrayList<>(table.replicas().size());
    for (BackendRef replica : table.replicas()) {
      Optional<BackendView> found = table.view(replica);
      if (found.isEmpty() || !isHealthy(found.get())
          || !context.maxReplicaLag().admits(found.get())) {
        continue;
      }
      BackendView view = found.get();
      eligible.add(view);
      if (context.freshness().admits(table.epoch(), view)) {
        fresh.add(view);
      }
    }
    return new ReplicaCandidates(eligible, fresh);
  }

  /**
   * Up, linked to the master, and reporting the replica role: a member that still reports
   * itself master (an old master not yet demoted) does not replicate from our master.
   */
  static boolean isHealthy(BackendView view) {
    return view.up() && view.linkUp() && view.role() == BackendRole.REPLICA;
  }
}
