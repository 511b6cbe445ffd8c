package io.belay.routing;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where one group's traffic goes in one epoch: the master, the replicas, and what the router
 * knows about each of them. Immutable; a new epoch or new observations mean a new table.
 *
 * <p>The epoch only grows. Proxies keep the table with the highest epoch they have seen and drop
 * any table with a lower one ({@link RoutingHolder}), which is what fences a stale leader.
 *
 * @param group    the group name
 * @param epoch    the routing epoch, 0 or more
 * @param master   the master, or {@code null} while a failover has no master yet
 * @param replicas the replicas, in the order read policies iterate over them
 * @param views    per-backend observations by backend id; a member without a view is treated as
 *                 unknown and never read from
 */
public record RoutingTable(
    String group,
    long epoch,
    BackendRef master,
    List<BackendRef> replicas,
    Map<String, BackendView> views) {

  public RoutingTable {
    Objects.requireNonNull(group, "group");
    if (group.isEmpty()) {
      throw new IllegalArgumentException("group name must not be empty");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative: " + epoch);
    }
    replicas = List.copyOf(replicas);
    views = Map.copyOf(views);

    Map<String, BackendRef> members = new LinkedHashMap<>();
    if (master != null) {
      members.put(master.id(), master);
    }
    for (BackendRef replica : replicas) {
      if (members.putIfAbsent(replica.id(), replica) != null) {
        throw new IllegalArgumentException("backend " + replica.id()
            + " is listed twice in group " + group);
      }
    }
    for (Map.Entry<String, BackendView> entry : views.entrySet()) {
      BackendRef member = members.get(entry.getKey());
      if (member == null) {
        throw new IllegalArgumentException("view for " + entry.getKey()
            + " which is not a member of group " + group);
      }
      if (!member.equals(entry.getValue().backend())) {
        throw new IllegalArgumentException("view for " + entry.getKey()
            + " describes " + entry.getValue().backend());
      }
    }
  }

  /** A table whose views are given as a collection, keyed here by backend id. */
  public static RoutingTable of(String group, long epoch, BackendRef master,
      List<BackendRef> replicas, Collection<BackendView> views) {
    Map<String, BackendView> byId = new LinkedHashMap<>();
    for (BackendView view : views) {
      if (byId.put(view.backend().id(), view) != null) {
        throw new IllegalArgumentException("two views for " + view.backend().id());
      }
    }
    return new RoutingTable(group, epoch, master, replicas, byId);
  }

  /** The first table of a group: no master, no replicas, epoch 0. */
  public static RoutingTable empty(String group) {
    return new RoutingTable(group, 0, null, List.of(), Map.of());
  }

  public boolean hasMaster() {
    return master != null;
  }

  public Optional<BackendRef> masterRef() {
    return Optional.ofNullable(master);
  }

  /** What the router knows about a member, if anything. */
  public Optional<BackendView> view(BackendRef backend) {
    BackendView view = views.get(backend.id());
    return view != null && view.backend().equals(backend) ? Optional.of(view) : Optional.empty();
  }

  /**
   * True when both tables name the same group, master and set of replicas; observations and
   * replica order may differ. Two tables of one epoch must agree on this, since an epoch names
   * one decision about who the master is.
   */
  public boolean sameTopology(RoutingTable other) {
    return group.equals(other.group)
        && Objects.equals(master, other.master)
        && replicas.size() == other.replicas.size()
        && Set.copyOf(replicas).equals(new HashSet<>(other.replicas));
  }

  /** The same topology and epoch with fresh observations. */
  public RoutingTable withViews(Collection<BackendView> newViews) {
    return of(group, epoch, master, replicas, newViews);
  }
}
