package io.belay.election.monitor;

import io.belay.election.EventType;
import io.belay.election.GroupSpec;
import io.belay.election.cluster.Leadership;
import io.belay.election.cluster.MemberInfo;
import io.belay.election.cluster.Membership;
import io.belay.election.control.BackendControl;
import io.belay.election.events.Descriptions;
import io.belay.election.events.EventDispatcher;
import io.belay.election.failover.FailoverEnvironment;
import io.belay.election.opinion.ObjectiveDown;
import io.belay.election.probe.BackendProbe;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.election.state.GroupState;
import io.belay.election.state.GroupStateStore;
import io.belay.election.table.TableBuilder;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one node does for one group, on the election context: probes every backend,
 * shares subjective-down opinions and counts them into objective down, follows the shared
 * state, and offers the resulting routing table to the local proxy's holder with fresh views
 * every probe interval. What only the leader does lives in {@link LeaderDuties}.
 *
 * <p>Cut off from the majority, the node keeps offering the last table it knows until its lease
 * ({@link GroupSpec#lease()}) runs out, then a table without a master (see
 * {@link io.belay.election.table.TableBuilder}).
 */
public final class GroupMonitor implements FailoverEnvironment, BackendProbe.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(GroupMonitor.class);
  /** How often the shared state is re-read even without change events (missed events, merges). */
  private static final long STATE_REFRESH_MILLIS = 1_000;

  private final Vertx vertx;
  private final GroupSpec spec;
  private final Membership membership;
  private final GroupStateStore store;
  private final ObjectiveDown objectiveDown;
  private final Function<BackendRef, BackendControl> controls;
  private final EventDispatcher events;
  private final RoutingHolder holder;
  private final Map<String, BackendProbe> probes = new LinkedHashMap<>();
  private final LeaderDuties duties;
  private final long opinionRefreshMillis;
  private final Supplier<Future<Boolean>> majorityCheck;

  private GroupState state;
  private boolean odown;
  private boolean hadMajority;
  private boolean leaseExpired;
  private boolean fetching;
  private long lastFetch;
  private long lastOpinionRefresh;
  private long timer = -1;
  private BackendRef lastOfferedMaster;
  /** The master restarted under this new run id; judged once it answers under it. */
  private String rebootedRunId;
  /** A master that came back with less than its replicas have (it lost data), or null. */
  private BackendRef behindReplicas;

  public GroupMonitor(Vertx vertx, NetClient probeClient, GroupSpec spec, Membership membership,
      GroupStateStore store, ObjectiveDown objectiveDown,
      Function<BackendRef, BackendControl> controls, EventDispatcher events,
      RoutingHolder holder, long opinionTtlMillis,
      Supplier<Future<Boolean>> majorityCheck) {
    this.majorityCheck = majorityCheck;
    this.vertx = vertx;
    this.spec = spec;
    this.membership = membership;
    this.store = store;
    this.objectiveDown = objectiveDown;
    this.controls = controls;
    this.events = events;
    this.holder = holder;
    this.opinionRefreshMillis = Math.max(1, opinionTtlMillis / 3);
    for (BackendRef b : spec.backends()) {
      probes.put(b.id(), new BackendProbe(vertx, probeClient, b, spec.probeInterval(),
          spec.downAfter(), this));
    }
    this.duties = new LeaderDuties(this);
  }

  /** Starts probing and following; call on the election context. */
  public void start() {
    probes.values().forEach(BackendProbe::start);
    store.listen(this::onState).onFailure(e -> LOG.warn("{}: cannot follow the shared state: {}",
        spec.name(), e.getMessage()));
    timer = vertx.setPeriodic(spec.probeInterval().toMillis(), t -> tick());
    events.emit(EventType.MONITOR, spec.name(), "master " + spec.name() + " backends "
        + spec.backends().size() + " quorum " + spec.quorum(), -1);
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    probes.values().forEach(BackendProbe::stop);
  }

  // --- inputs ------------------------------------------------------------------------------

  @Override
  public void onResult(BackendProbe probe, ProbeResult result) {
    // tables are refreshed on the tick; nothing to do per round
  }

  @Override
  public void onDownChange(BackendProbe probe, boolean down) {
    BackendRef b = probe.backend();
    events.emit(down ? EventType.SDOWN : EventType.SDOWN_CLEARED, spec.name(),
        Descriptions.instance(b, spec.name(), master()), epoch());
    objectiveDown.local(b.id(), down, membership.majority());
    if (!down && odown && b.equals(master())) {
      clearOdown();
    }
    if (down && b.equals(master()) && membership.majority()) {
      evaluateOdown(); // now rather than on the next tick: every tick is time without a master
    }
  }

  @Override
  public void onReboot(BackendProbe probe, String oldRunId, String newRunId) {
    events.emit(EventType.REBOOT, spec.name(),
        Descriptions.instance(probe.backend(), spec.name(), master()), epoch());
    if (probe.backend().equals(master())) {
      rebootedRunId = newRunId;
    }
  }

  /**
   * A master that restarts before anyone calls it down (a supervisor restarts it at once) may
   * come back without its data: persistence off, or files lost. Its replicas would copy the
   * empty dataset at their next sync, as Redis's do. Belay backends refuse that sync (see
   * MasterLink), and here the master that came back behind its replicas is treated as failed:
   * the leader promotes the replica that has the data, and the restarted master is demoted.
   */
  private void judgeReboot() {
    BackendRef m = master();
    if (m == null || rebootedRunId == null) {
      return;
    }
    ProbeResult latest = observe(m).latest();
    if (!latest.reachable() || !rebootedRunId.equals(latest.runId())) {
      return; // not heard from under its new run id yet
    }
    rebootedRunId = null;
    long own = latest.offset().orElse(0);
    long best = -1;
    for (BackendRef b : spec.backends()) {
      ProbeResult r = observe(b).lastReachable();
      if (!b.equals(m) && r != null && r.role() == BackendRole.REPLICA) {
        best = Math.max(best, r.offset().orElse(-1));
      }
    }
    if (best > own) {
      behindReplicas = m;
      events.emit(EventType.REBOOT_BEHIND_REPLICAS, spec.name(), Descriptions.master(spec.name(), m)
          + " offset " + own + " replicas up to " + best, epoch());
    }
  }

  /** The master restarted with less data than its replicas: it must be failed over. */
  public boolean masterBehindReplicas() {
    BackendRef m = master();
    return m != null && m.equals(behindReplicas);
  }

  /** A state from the store, its listener or a failover; older ones than held are ignored. */
  void onState(GroupState s) {
    if (s == null || !s.group().equals(spec.name())) {
      return;
    }
    if (state != null && (s.epoch() < state.epoch()
        || (s.epoch() == state.epoch() && s.tableEpoch() < state.tableEpoch()))) {
      return;
    }
    BackendRef before = master();
    state = s;
    if (odown && before != null && !before.equals(master())) {
      odown = false;
      events.emit(EventType.ODOWN_CLEARED, spec.name(), Descriptions.master(spec.name(), before),
          s.epoch());
    }
    offerTable();
  }

  /** Called on the election context whenever Hazelcast's member list changes. */
  public void onMembership() {
    boolean majority = membership.majority();
    if (majority && !hadMajority) {
      if (leaseExpired) {
        events.emit(EventType.MAJORITY_REGAINED, spec.name(), membership.members().size() + "/"
            + membership.configuredSize() + " members", epoch());
      }
      leaseExpired = false;
      objectiveDown.refresh();
      fetchState();
    } else if (!majority && hadMajority) {
      events.emit(EventType.MAJORITY_LOST, spec.name(), membership.members().size() + "/"
          + membership.configuredSize() + " members", epoch());
    }
    hadMajority = majority;
  }

  // --- the tick ----------------------------------------------------------------------------

  private void tick() {
    long now = System.currentTimeMillis();
    if (!membership.majority()) {
      if (!leaseExpired && state != null
          && now - membership.minoritySinceMillis() >= spec.lease().toMillis()) {
        leaseExpired = true;
        events.emit(EventType.LEASE_EXPIRED, spec.name(), "master " + spec.name()
            + " writes stopped: this node is not in the majority", epoch());
      }
      offerTable();
      return;
    }
    if (now - lastOpinionRefresh >= opinionRefreshMillis) {
      lastOpinionRefresh = now;
      objectiveDown.refresh();
    }
    if (now - lastFetch >= STATE_REFRESH_MILLIS) {
      fetchState();
    }
    offerTable();
    evaluateOdown();
    judgeReboot();
    duties.tick(now);
  }

  private void evaluateOdown() {
    BackendRef m = master();
    if (m == null || !probes.get(m.id()).subjectivelyDown()) {
      if (odown) {
        clearOdown();
      }
      return;
    }
    List<String> members = membership.members().stream().map(MemberInfo::id).toList();
    objectiveDown.evaluate(m.id(), members).onSuccess(reached -> {
      if (reached == null || !m.equals(master())
          || (reached && !probes.get(m.id()).subjectivelyDown())) {
        return; // stale: the count was asked for a master that changed or came back meanwhile
      }
      if (reached && !odown) {
        odown = true;
        events.emit(EventType.ODOWN, spec.name(), Descriptions.master(spec.name(), m)
            + " #quorum " + objectiveDown.lastCount() + "/" + spec.quorum(), epoch());
        if (membership.majority()) {
          duties.tick(System.currentTimeMillis()); // the leader starts the failover now
        }
      } else if (!reached && odown) {
        clearOdown();
      }
    });
  }

  private void clearOdown() {
    odown = false;
    BackendRef m = master();
    events.emit(EventType.ODOWN_CLEARED, spec.name(),
        m == null ? "master " + spec.name() : Descriptions.master(spec.name(), m), epoch());
  }

  void fetchState() {
    if (fetching || !membership.majority()) {
      return;
    }
    fetching = true;
    lastFetch = System.currentTimeMillis();
    store.get(spec.name())
        .onSuccess(s -> {
          if (s.isPresent()) {
            onState(s.get());
          } else if (state != null) {
            duties.restore(state);
          }
        })
        .onFailure(e -> LOG.debug("{}: cannot read the shared state: {}", spec.name(),
            e.getMessage()))
        .onComplete(ar -> fetching = false);
  }

  /** Offers the table for the current state; returns false when the holder refused it. */
  boolean offerTable() {
    if (state == null) {
      return true;
    }
    RoutingTable table;
    try {
      table = TableBuilder.build(spec, state, this::observe,
          leaseExpired);
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: cannot build a table from {}: {}", spec.name(), state, e.getMessage());
      return false;
    }
    if (!holder.offer(table)) {
      return false;
    }
    BackendRef m = table.master();
    if (m != null && lastOfferedMaster != null && !m.equals(lastOfferedMaster)) {
      events.emit(EventType.SWITCH_MASTER, spec.name(),
          Descriptions.switchMaster(spec.name(), lastOfferedMaster, m), table.epoch());
      events.clientReconfig(spec.name(), duties.promotedHere(m), lastOfferedMaster, m);
    }
    if (m != null) {
      lastOfferedMaster = m;
    }
    return true;
  }

  /**
   * Completes once this node's holder routes by the shared state's published master, or after
   * {@code timeoutMillis} in any case. An operator's request runs on the leader, and a node that
   * forwarded it learns the new table through Hazelcast a moment after the leader answered: an
   * answer naming the master must wait for it.
   */
  public Future<Void> awaitPublishedTable(long timeoutMillis) {
    Promise<Void> done = Promise.promise();
    checkPublished(done, System.currentTimeMillis() + timeoutMillis);
    return done.future();
  }

  private void checkPublished(Promise<Void> done, long deadline) {
    store.get(spec.name()).onComplete(ar -> {
      if (ar.succeeded()) {
        ar.result().ifPresent(this::onState);
      }
      GroupState s = state;
      RoutingTable t = holder.current().orElse(null);
      boolean follows = s != null && s.attempt() == null && !s.holdWrites() && t != null
          && t.hasMaster() && t.epoch() >= s.tableEpoch();
      if (follows || System.currentTimeMillis() >= deadline) {
        done.tryComplete();
      } else {
        vertx.setTimer(Math.max(10, spec.probeInterval().toMillis() / 5),
            id -> checkPublished(done, deadline));
      }
    });
  }

  // --- what others read --------------------------------------------------------------------

  public GroupState state() {
    return state;
  }

  public boolean objectivelyDown() {
    return odown;
  }

  public boolean leaseExpired() {
    return leaseExpired;
  }

  public Membership membership() {
    return membership;
  }

  public RoutingHolder holder() {
    return holder;
  }

  public LeaderDuties duties() {
    return duties;
  }

  public ObjectiveDown opinions() {
    return objectiveDown;
  }

  /** The master of the shared state, or null before there is one. */
  public BackendRef master() {
    return state == null ? null : spec.backend(state.master()).orElse(null);
  }

  long epoch() {
    return state == null ? -1 : state.epoch();
  }

  /** Drops and re-opens every probe connection (SENTINEL RESET). */
  public void reconnectProbes() {
    probes.values().forEach(BackendProbe::reconnect);
  }

  void emitEvent(EventType type, String description) {
    events.emit(type, spec.name(), description, epoch());
  }

  // --- FailoverEnvironment -----------------------------------------------------------------

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public GroupSpec spec() {
    return spec;
  }

  @Override
  public Leadership leadership() {
    return membership;
  }

  @Override
  public GroupStateStore store() {
    return store;
  }

  @Override
  public BackendControl control(BackendRef backend) {
    return controls.apply(backend);
  }

  @Override
  public Observation observe(BackendRef backend) {
    BackendProbe p = probes.get(backend.id());
    return p == null ? new Observation(ProbeResult.unreachable(backend, 0), null, true, 0)
        : p.observation();
  }

  @Override
  public long knownEpoch() {
    long known = holder.epoch();
    for (BackendProbe p : probes.values()) {
      ProbeResult r = p.lastReachable();
      if (r != null) {
        known = Math.max(known, r.epoch());
      }
    }
    return known;
  }

  @Override
  public void emit(EventType type, String description, long epoch) {
    events.emit(type, spec.name(), description, epoch);
  }

  @Override
  public Future<Boolean> confirmMajority() {
    return majorityCheck.get();
  }
}
