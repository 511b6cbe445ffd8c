package io.belay.election;

import com.hazelcast.core.HazelcastInstance;
import io.belay.election.cluster.HazelcastCalls;
import io.belay.election.cluster.Membership;
import io.belay.election.monitor.GroupMonitor;
import io.belay.election.node.ElectionNode;
import io.belay.election.sentinel.MasterInfo;
import io.belay.election.sentinel.QuorumCheck;
import io.belay.election.sentinel.ReplicaInfo;
import io.belay.election.sentinel.SentinelInfo;
import io.belay.election.sentinel.SentinelViews;
import io.belay.election.settings.SettingsChannel;
import io.belay.election.settings.SharedSettings;
import io.belay.election.state.FailoverKind;
import io.belay.routing.BackendRef;
import io.belay.routing.RoutingHolder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One node's share of Belay's election: it joins the Hazelcast cluster of the configured
 * members, probes every backend of every group, agrees with the other nodes on when a master is
 * down, fails over (when this node leads) under a fenced epoch, and offers every new routing
 * table to the group's {@link RoutingHolder}, which the proxy reads.
 *
 * <pre>{@code
 * Map<String, RoutingHolder> holders = Election.holdersFor(config);   // or the proxy's own
 * Election.start(vertx, config, holders, List.of(event -> ...))
 *     .onSuccess(election -> ...);
 * }</pre>
 *
 * <p>What the proxy sees in a holder: a table whose {@code master} is where writes go; a table
 * with {@code master == null} (a switchover is holding writes, or this node lost the majority
 * and its lease ran out) means hold writes, then answer {@code -MASTERDOWN}. Views with
 * {@code up == false} are not to be read from.
 *
 * <p>Every method may be called from any thread; results complete on the caller's context when
 * there is one.
 */
public final class Election {

  private final Vertx vertx;
  private final ElectionNode node;
  private final String deploymentId;
  private SettingsChannel settings;

  private Election(Vertx vertx, ElectionNode node, String deploymentId) {
    this.vertx = vertx;
    this.node = node;
    this.deploymentId = deploymentId;
  }

  /** Shares runtime settings once the node has joined; on the node's context. */
  private Future<Election> shareSettings() {
    return onContext(() -> {
      ElectionConfig c = node.electionConfig();
      settings = new SettingsChannel(vertx, node.nodeContext(), node.hazelcast(),
          new HazelcastCalls(vertx, c.nodeName() + "-settings"), c.nodeName(),
          c.groups().stream().map(GroupSpec::name).toList());
      return settings.start();
    }).map(v -> this);
  }

  /** Starts the election; the future completes once this node has joined its cluster. */
  public static Future<Election> start(Vertx vertx, ElectionConfig config,
      Map<String, RoutingHolder> holders) {
    return start(vertx, config, holders, List.of());
  }

  /**
   * Starts the election with listeners that see every event from the first one on.
   *
   * @param holders one holder per configured group, keyed by group name
   */
  public static Future<Election> start(Vertx vertx, ElectionConfig config,
      Map<String, RoutingHolder> holders, List<ElectionEvents> listeners) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(config, "config");
    for (GroupSpec g : config.groups()) {
      RoutingHolder h = holders.get(g.name());
      if (h == null || !h.group().equals(g.name())) {
        return Future.failedFuture(new IllegalArgumentException(
            "no routing holder for group " + g.name()));
      }
    }
    ElectionNode node = new ElectionNode(vertx, config, holders);
    listeners.forEach(node.events()::addListener);
    return vertx.deployVerticle(node).compose(id -> new Election(vertx, node, id).shareSettings()
        .recover(e -> vertx.undeploy(id).transform(ignored -> Future.<Election>failedFuture(e))));
  }

  /** A fresh, empty holder per configured group, for launchers that do not have their own. */
  public static Map<String, RoutingHolder> holdersFor(ElectionConfig config) {
    Map<String, RoutingHolder> holders = new LinkedHashMap<>();
    config.groups().forEach(g -> holders.put(g.name(), new RoutingHolder(g.name())));
    return holders;
  }

  public String nodeName() {
    return node.electionConfig().nodeName();
  }

  public void addListener(ElectionEvents listener) {
    node.events().addListener(listener);
  }

  public void removeListener(ElectionEvents listener) {
    node.events().removeListener(listener);
  }

  /**
   * A planned switchover: writes are held, the best replica catches up with the master, is
   * promoted, the others and the old master follow it, and the new table is published. Runs on
   * the leader, wherever it is called. Fails with Sentinel-style messages ({@code INPROG},
   * {@code NOGOODSLAVE ...}, {@code MASTERDOWN ...}).
   */
  public Future<Void> switchover(String group) {
    return request(group, FailoverKind.SWITCHOVER);
  }

  /**
   * {@code SENTINEL FAILOVER}: promote a replica now, without waiting for agreement that the
   * master is down and without the data-loss budget. Writes the master took that the replica
   * did not get are lost; prefer {@link #switchover} when the master is up.
   */
  public Future<Void> failover(String group) {
    return request(group, FailoverKind.FORCED);
  }

  /**
   * {@code SENTINEL RESET pattern}: for every group whose name matches the glob, reconnect the
   * probes and forget failed attempts so that the next one may start at once. Completes with
   * the number of groups reset.
   */
  public Future<Integer> reset(String pattern) {
    Pattern glob = glob(pattern);
    return onContext(() -> {
      int n = 0;
      for (GroupMonitor m : node.monitors().values()) {
        if (glob.matcher(m.spec().name()).matches()) {
          m.reconnectProbes();
          m.duties().reset();
          m.emit(EventType.RESET, "master " + m.spec().name(), -1);
          n++;
        }
      }
      return Future.succeededFuture(n);
    });
  }

  /** {@code SENTINEL GET-MASTER-ADDR-BY-NAME}: the master of the shared state, if known. */
  public Future<Optional<BackendRef>> masterAddress(String group) {
    return withGroup(group, m -> Optional.ofNullable(m.master()));
  }

  /** {@code SENTINEL MASTERS} */
  public Future<List<MasterInfo>> masters() {
    return onContext(() -> {
      List<MasterInfo> out = new ArrayList<>();
      node.monitors().values().forEach(m -> out.add(SentinelViews.master(m)));
      return Future.succeededFuture(out);
    });
  }

  /** {@code SENTINEL MASTER name} */
  public Future<MasterInfo> master(String group) {
    return withGroup(group, SentinelViews::master);
  }

  /** {@code SENTINEL REPLICAS name} */
  public Future<List<ReplicaInfo>> replicas(String group) {
    return withGroup(group, SentinelViews::replicas);
  }

  /** {@code SENTINEL SENTINELS name}: the other Belay nodes this node sees. */
  public Future<List<SentinelInfo>> sentinels(String group) {
    return withGroup(group, m -> SentinelViews.sentinels(m.membership()));
  }

  /** {@code SENTINEL CKQUORUM name} */
  public Future<QuorumCheck> ckquorum(String group) {
    return withGroup(group, SentinelViews::ckquorum);
  }

  /** Whether this node currently leads a majority, as of the call. */
  public Future<Boolean> leading() {
    return onContext(() -> Future.succeededFuture(node.membership().leading()));
  }

  /** Whether this node is in a cluster of a majority of the configured members, as of the call. */
  public Future<Boolean> inMajority() {
    return onContext(() -> Future.succeededFuture(node.membership().majority()));
  }

  /**
   * Calls {@code listener} with this node's standing in the cluster (in the majority or not,
   * leading or not) before the returned future completes, then after every membership change.
   * Readiness checks use it instead of polling, so a node that regains the majority says so
   * as soon as its proxy routes writes again. The listener runs on the election's event loop
   * and must not block.
   */
  public Future<Void> onStanding(Consumer<Standing> listener) {
    return onContext(() -> {
      Membership membership = node.membership();
      membership.onChange(m -> listener.accept(new Standing(m.majority(), m.leading())));
      listener.accept(new Standing(membership.majority(), membership.leading()));
      return Future.succeededFuture();
    });
  }

  /**
   * Where this node stands in its cluster.
   *
   * @param inMajority the node is in a cluster of a majority of the configured members
   * @param leading    the node is the oldest member of that majority
   */
  public record Standing(boolean inMajority, boolean leading) {
  }

  /**
   * Changes {@code group}'s settings on every node: {@code change} maps configuration names
   * ({@code read-policy}) to values ({@code least-lag}) that the caller has validated, and is
   * laid over the group's earlier changes in the next version. Completes once the change is
   * shared and this node's {@link #onSettings} listeners have applied it; the others receive it
   * within a second. Fails outside the majority, where nothing may change.
   */
  public Future<SharedSettings> updateSettings(String group, Map<String, String> change) {
    return onContext(() -> settings.update(group, change));
  }

  /**
   * Calls {@code listener} with every group's current shared settings, before the returned
   * future completes, then with each newer version, whichever node made it. The listener runs
   * on the election's event loop and must not block. Versions only grow: a node that joins
   * later, or returns from a partition, gets the latest and never an older one after it.
   */
  public Future<Void> onSettings(Consumer<SharedSettings> listener) {
    return onContext(() -> {
      settings.listen(listener);
      return Future.succeededFuture();
    });
  }

  /** Leaves the cluster and stops probing; holders keep their last table. */
  public Future<Void> close() {
    Future<Void> shared = settings == null ? Future.succeededFuture()
        : onContext(() -> settings.close());
    return shared.eventually(() -> vertx.undeploy(deploymentId));
  }

  /** For tests that need to break the cluster from outside. */
  HazelcastInstance hazelcast() {
    return node.hazelcast();
  }

  private Future<Void> request(String group, FailoverKind kind) {
    GroupSpec spec = spec(group);
    if (spec == null) {
      return Future.failedFuture("ERR No such master with that name");
    }
    long timeout = 3 * spec.failoverTimeout().toMillis() + spec.lease().toMillis() + 5_000;
    // done when this node's own proxy routes by the result, so that the caller can ask it
    return onContext(() -> node.requests().send(group, kind, timeout)
        .compose(v -> node.monitors().get(group).awaitPublishedTable(
            spec.failoverTimeout().toMillis())));
  }

  private <T> Future<T> withGroup(String group, Function<GroupMonitor, T> body) {
    return onContext(() -> {
      GroupMonitor m = node.monitors().get(group);
      return m == null ? Future.failedFuture("ERR No such master with that name")
          : Future.succeededFuture(body.apply(m));
    });
  }

  private GroupSpec spec(String group) {
    for (GroupSpec g : node.electionConfig().groups()) {
      if (g.name().equals(group)) {
        return g;
      }
    }
    return null;
  }

  private <T> Future<T> onContext(Supplier<Future<T>> body) {
    Context caller = Vertx.currentContext();
    Promise<T> p = Promise.promise();
    node.nodeContext().runOnContext(v -> {
      try {
        body.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return caller == null ? p.future()
        : Future.fromCompletionStage(p.future().toCompletionStage(), caller);
  }

  /** Redis's glob subset: {@code *}, {@code ?}, everything else literal. */
  static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
