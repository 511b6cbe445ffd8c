package io.belay.ops.launch;

import io.belay.election.Election;
import io.belay.ops.http.AdminActionException;
import io.belay.ops.http.AdminActions;
import io.belay.ops.http.BackendState;
import io.belay.ops.http.BackendView;
import io.belay.ops.http.GroupSettings;
import io.belay.ops.http.GroupView;
import io.belay.ops.http.Readiness;
import io.belay.ops.http.RoutingChange;
import io.belay.ops.http.Topology;
import io.belay.ops.http.TopologyView;
import io.belay.proxy.ProxyGroup;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.belay.routing.MaxReplicaLag;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The node as the admin API sees it: topology from the routing holders, actions through election and proxies. */
final class OpsViews implements TopologyView, AdminActions, Readiness {

  private final Election election;
  private final Map<String, RoutingHolder> holders;
  private final Map<String, ProxyGroup> groups;
  private final MeterRegistry registry;
  private volatile boolean leading;
  private volatile boolean majority;

  OpsViews(Election election, Map<String, RoutingHolder> holders, Map<String, ProxyGroup> groups,
      MeterRegistry registry, EventLog events) {
    this.election = election;
    this.holders = holders;
    this.groups = groups;
    this.registry = registry;
    election.onStanding(standing -> {
      leading = standing.leading();
      majority = standing.inMajority();
    });
  }

  @Override
  public Topology snapshot() {
    List<GroupView> views = new ArrayList<>();
    for (Map.Entry<String, RoutingHolder> e : holders.entrySet()) {
      String name = e.getKey();
      Optional<RoutingTable> table = e.getValue().current();
      RoutingSettings s = groups.get(name).settings();
      GroupSettings settings = new GroupSettings(s.readPolicy().configName(), describe(s.maxReplicaLag()),
          s.consistency().configName(), s.durability().configName());
      List<BackendView> backends = new ArrayList<>();
      table.ifPresent(t -> t.views().values().forEach(v -> backends.add(view(t, v))));
      views.add(new GroupView(name, table.map(RoutingTable::epoch).orElse(0L),
          leading ? Optional.of(election.nodeName()) : Optional.empty(), settings, commands(name), backends));
    }
    return new Topology(views);
  }

  private static BackendView view(RoutingTable t, io.belay.routing.BackendView v) {
    BackendRef ref = v.backend();
    boolean master = t.masterRef().map(ref::equals).orElse(false) || v.role() == BackendRole.MASTER && t.master() == null;
    return new BackendView(ref.host() + ":" + ref.port(), master ? BackendView.Role.MASTER : BackendView.Role.REPLICA,
        v.up() ? BackendState.UP : BackendState.DOWN, v.offset().orElse(0), v.lagBytes().orElse(0),
        v.lagMillis().orElse(0) / 1000.0, master ? t.replicas().size() : 0, 0, 0);
  }

  private static String describe(MaxReplicaLag lag) {
    return lag.time().map(d -> d.toMillis() + "ms").orElse(lag.bytes().isPresent() ? lag.bytes().getAsLong() + "b" : "none");
  }

  private long commands(String group) {
    double total = 0;
    for (Counter c : registry.find("belay.proxy.commands").tag("group", group).counters()) {
      total += c.count();
    }
    return (long) total;
  }

  @Override
  public Future<String> switchover(String group) {
    RoutingHolder holder = holders.get(group);
    if (holder == null) {
      return Future.failedFuture(new AdminActionException(AdminActionException.Reason.UNKNOWN_GROUP,
          "no group named " + group));
    }
    return election.switchover(group).map(v -> holder.current().flatMap(RoutingTable::masterRef)
        .map(BackendRef::address).orElse("unknown"));
  }

  /**
   * Shares the change with every node through the election; each node, this one included,
   * lays it over its configured routing (see {@link RoutingOverlay}). Completes once this
   * node's proxy uses it. Outside the majority nothing may change: 503.
   */
  @Override
  public Future<Void> updateRouting(String group, RoutingChange change) {
    if (groups.get(group) == null) {
      return Future.failedFuture(new AdminActionException(AdminActionException.Reason.UNKNOWN_GROUP,
          "no group named " + group));
    }
    return election.updateSettings(group, RoutingOverlay.shared(change))
        .<Void>map(shared -> null)
        .recover(e -> Future.failedFuture(new AdminActionException(AdminActionException.Reason.UNAVAILABLE,
            "routing of " + group + " not changed: " + e.getMessage())));
  }

  @Override
  public boolean knowsMasterForEveryGroup() {
    return holders.values().stream().allMatch(h -> h.current().map(RoutingTable::hasMaster).orElse(false));
  }

  /** As of the last membership change the election reported: it lives on the election's context. */
  @Override
  public boolean inClusterMajority() {
    return majority;
  }
}
