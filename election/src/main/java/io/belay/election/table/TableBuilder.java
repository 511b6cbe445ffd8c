package io.belay.election.table;

import io.belay.election.GroupSpec;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.belay.routing.BackendView;
import io.belay.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Turns a group's shared state and this node's probe observations into the routing table its
 * proxies use. Pure: the same inputs give the same table.
 *
 * <p>What the proxy sees:
 * <ul>
 *   <li>normally, the state's master and replicas in the state's table epoch, with fresh views;
 *   <li>while a switchover holds writes, or after this node's lease ran out in a minority, a
 *       table with {@code master == null}: the proxy holds writes and, once its hold time is
 *       over, answers {@code -MASTERDOWN}; reads may still go to replicas whose views are up;
 *   <li>a backend whose reported role does not match its place in the table (an old master that
 *       came back still a master, a replica following someone else) has {@code up == false}, so
 *       nothing is routed to it until it has been demoted or repointed.
 * </ul>
 */
public final class TableBuilder {

  private TableBuilder() {
  }

  /**
   * The table for {@code state}. With {@code leaseExpired} the table names no master and takes
   * the epoch above the state's, since a holder refuses another topology in an epoch it holds.
   */
  public static RoutingTable build(GroupSpec spec, GroupState state,
      Function<BackendRef, Observation> observe, boolean leaseExpired) {
    BackendRef stateMaster = spec.backend(state.master()).orElse(null);
    boolean masterless = leaseExpired || state.holdWrites() || stateMaster == null;
    long epoch = leaseExpired ? state.tableEpoch() + 1 : state.tableEpoch();
    BackendRef master = masterless ? null : stateMaster;
    List<BackendRef> replicas = new ArrayList<>();
    for (BackendRef b : spec.backends()) {
      if (!b.equals(master) && (masterless || state.replicas().contains(b.id()))) {
        replicas.add(b);
      }
    }
    ProbeResult masterSeen = stateMaster == null ? null : reachable(observe.apply(stateMaster));
    List<BackendView> views = new ArrayList<>();
    if (master != null) {
      views.add(view(master, observe.apply(master), true, stateMaster, masterSeen));
    }
    for (BackendRef r : replicas) {
      views.add(view(r, observe.apply(r), false, stateMaster, masterSeen));
    }
    return RoutingTable.of(spec.name(), epoch, master, replicas, views);
  }

  static BackendView view(BackendRef b, Observation o, boolean asMaster, BackendRef stateMaster,
      ProbeResult masterSeen) {
    ProbeResult r = reachable(o);
    if (r == null) {
      return BackendView.unknown(b);
    }
    boolean roleFits = asMaster ? r.role() == BackendRole.MASTER
        : r.role() == BackendRole.REPLICA && (stateMaster == null || r.replicates(stateMaster));
    OptionalLong offset = r.offset();
    OptionalLong lagBytes = OptionalLong.empty();
    OptionalLong lagMillis = OptionalLong.empty();
    if (asMaster) {
      lagBytes = OptionalLong.of(0);
      lagMillis = OptionalLong.of(0);
    } else if (masterSeen != null && masterSeen.masterReplOffset() >= 0 && offset.isPresent()) {
      long behind = Math.max(0, masterSeen.masterReplOffset() - offset.getAsLong());
      lagBytes = OptionalLong.of(behind);
      if (behind == 0) {
        lagMillis = OptionalLong.of(0);
      } else {
        ProbeResult.ListedReplica listed = masterSeen.listed(b);
        if (listed != null && listed.lagSeconds() >= 0) {
          lagMillis = OptionalLong.of(listed.lagSeconds() * 1000);
        }
      }
    }
    return new BackendView(b, r.role(), o.up() && roleFits, r.linkUp(), offset, lagBytes,
        lagMillis);
  }

  /** The latest round if it got a reply, else the last one that did, else null. */
  private static ProbeResult reachable(Observation o) {
    if (o.latest().reachable()) {
      return o.latest();
    }
    return o.lastReachable();
  }
}
