package io.belay.election.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleService;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.belay.election.ElectionConfig;
import io.belay.election.GroupSpec;
import io.belay.election.Hooks;
import io.belay.election.cluster.HazelcastCalls;
import io.belay.election.cluster.HazelcastSetup;
import io.belay.election.cluster.MajorityCheck;
import io.belay.election.cluster.MemberInfo;
import io.belay.election.cluster.Membership;
import io.belay.election.command.RequestChannel;
import io.belay.election.control.RespBackendControl;
import io.belay.election.events.EventDispatcher;
import io.belay.election.events.ScriptRunner;
import io.belay.election.events.WebhookSender;
import io.belay.election.monitor.GroupMonitor;
import io.belay.election.opinion.HazelcastOpinionBoard;
import io.belay.election.opinion.ObjectiveDown;
import io.belay.election.state.FailoverKind;
import io.belay.election.state.HazelcastStateStore;
import io.belay.routing.RoutingHolder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's election, deployed as a verticle so that all of it runs on one context: starts
 * the Hazelcast member off the event loop, follows membership, and runs a
 * {@link GroupMonitor} per group. The public face is {@link io.belay.election.Election}.
 */
public final class ElectionNode extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ElectionNode.class);
  private static final long MEMBERSHIP_REFRESH_MILLIS = 1_000;

  private final ElectionConfig config;
  private final Map<String, RoutingHolder> holders;
  private final EventDispatcher events;
  private final Map<String, GroupMonitor> monitors = new LinkedHashMap<>();
  private final List<NetClient> clients = new ArrayList<>();
  private final Object membershipLock = new Object();
  private HazelcastCalls calls;
  private final ScriptRunner scripts;
  private final WebhookSender webhooks;
  private HazelcastInstance hazelcast;
  private Membership membership;
  private RequestChannel requests;
  private volatile boolean left;
  private long membershipSeq;
  private long appliedSeq;
  private long refreshTimer = -1;

  /** Call before deploying; the node's context is created by the deployment. */
  public ElectionNode(io.vertx.core.Vertx vertx, ElectionConfig config,
      Map<String, RoutingHolder> holders) {
    this.config = config;
    this.holders = Map.copyOf(holders);
    this.scripts = new ScriptRunner(vertx);
    this.webhooks = new WebhookSender(vertx);
    Map<String, Hooks> hooks = new LinkedHashMap<>();
    config.groups().forEach(g -> hooks.put(g.name(), g.hooks()));
    this.events = new EventDispatcher(config.nodeName(), hooks, scripts, webhooks);
  }

  @Override
  public Future<?> start() {
    calls = new HazelcastCalls(vertx, config.nodeName());
    return calls.call(() -> {
      HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastSetup.build(config));
      // a member that is shut down or terminated gets no more membership events: tell the
      // monitors at once that this node is in no cluster at all
      hz.getLifecycleService().addLifecycleListener(event -> {
        LifecycleEvent.LifecycleState s = event.getState();
        if (s == LifecycleEvent.LifecycleState.SHUTTING_DOWN
            || s == LifecycleEvent.LifecycleState.SHUTDOWN) {
          left = true;
          postMembers(hz, true);
        } else if (s == LifecycleEvent.LifecycleState.MERGED) {
          postMembers(hz, false);
        }
      });
      hz.getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          postMembers(hz, false);
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          postMembers(hz, false);
        }
      });
      return new Joined(hz, hz.getCluster().getLocalMember().getUuid().toString(),
          hz.getMap(HazelcastSetup.GROUPS_MAP), hz.getMap(HazelcastSetup.OPINIONS_MAP),
          hz.getTopic(HazelcastSetup.REQUESTS_TOPIC), hz.getTopic(HazelcastSetup.REPLIES_TOPIC));
    }).compose(joined -> {
      hazelcast = joined.hz();
      membership = new Membership(config.clusterSize(), joined.localId(), config.nodeName());
      membership.onChange(m -> monitors.values().forEach(GroupMonitor::onMembership));
      HazelcastStateStore store = new HazelcastStateStore(joined.groups(), calls);
      for (GroupSpec spec : config.groups()) {
        monitors.put(spec.name(), monitor(spec, store, joined.opinions()));
      }
      requests = new RequestChannel(context, calls, joined.requests(), joined.replies(),
          membership, this::handleRequest);
      return requests.start();
    }).compose(v -> {
      monitors.values().forEach(GroupMonitor::start);
      HazelcastInstance hz = hazelcast;
      refreshTimer = vertx.setPeriodic(MEMBERSHIP_REFRESH_MILLIS, t -> calls.call(() -> {
        postMembers(hz, false);
        return null;
      }));
      LOG.info("election node {} started: {} configured members, {} groups",
          config.nodeName(), config.clusterSize(), monitors.size());
      // the first remote call of a JVM is slow (proxies, classes, serializers): make it now
      // rather than in the first failover, whose confirmation has a timeout of down-after
      new MajorityCheck(hz, calls, config.majority()).confirm(10_000)
          .onFailure(e -> LOG.debug("majority check warm-up: {}", e.getMessage()));
      return calls.call(() -> {
        postMembers(hz, false);
        return null;
      });
    });
  }

  /** What joining the cluster produced, gathered off the event loop. */
  private record Joined(HazelcastInstance hz, String localId, IMap<String, String> groups,
      IMap<String, Long> opinions, ITopic<String> requests, ITopic<String> replies) {
  }

  private GroupMonitor monitor(GroupSpec spec, HazelcastStateStore store,
      IMap<String, Long> opinions) {
    long downAfter = spec.downAfter().toMillis();
    NetClient probeClient = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.max(50, Math.min(downAfter, 1_000))).setTcpNoDelay(true));
    long commandTimeout = Math.min(spec.failoverTimeout().toMillis(), 5_000);
    NetClient controlClient = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) commandTimeout).setTcpNoDelay(true));
    clients.add(probeClient);
    clients.add(controlClient);
    long opinionTtl = Math.max(3 * downAfter, 3_000);
    Membership members = membership;
    ObjectiveDown odown = new ObjectiveDown(new HazelcastOpinionBoard(opinions, calls,
        members::localId, opinionTtl),
        spec.name(), spec.quorum());
    RoutingHolder holder = holders.get(spec.name());
    MajorityCheck majority = new MajorityCheck(hazelcast, calls, config.majority());
    long answerTimeout = Math.max(200, Math.min(downAfter, 1_000));
    return new GroupMonitor(vertx, probeClient, spec, membership, store, odown,
        b -> new RespBackendControl(vertx, controlClient, b, commandTimeout), events, holder,
        opinionTtl, () -> majority.confirm(answerTimeout));
  }

  /**
   * Reads the member list on a Hazelcast or worker thread and applies it on the context; the
   * sequence number keeps a snapshot that was read earlier from overwriting a later one.
   */
  private void postMembers(HazelcastInstance hz, boolean leaving) {
    List<MemberInfo> members = new ArrayList<>();
    long seq;
    String localId = null;
    synchronized (membershipLock) {
      seq = ++membershipSeq;
      LifecycleService life = hz.getLifecycleService();
      if (!leaving && !left && life.isRunning()) {
        // read with the list: a merge gives this member a new UUID
        localId = hz.getCluster().getLocalMember().getUuid().toString();
        for (Member m : hz.getCluster().getMembers()) {
          String name = m.getAttribute(HazelcastSetup.NODE_ATTRIBUTE);
          members.add(new MemberInfo(m.getUuid().toString(), name == null ? "?" : name,
              m.getAddress().getHost(), m.getAddress().getPort()));
        }
      }
    }
    String id = localId;
    context.runOnContext(v -> {
      if (seq > appliedSeq && membership != null) {
        appliedSeq = seq;
        String newId = id == null ? membership.localId() : id;
        if (!members.equals(membership.members()) || !newId.equals(membership.localId())) {
          if (!newId.equals(membership.localId())) {
            LOG.info("this node rejoined the cluster as member {} (was {})", newId,
                membership.localId());
          }
          membership.update(newId, members);
        }
      }
    });
  }

  private Future<Void> handleRequest(String group, FailoverKind kind) {
    GroupMonitor m = monitors.get(group);
    if (m == null) {
      return Future.failedFuture("ERR No such master with that name");
    }
    return m.duties().request(kind);
  }

  @Override
  public Future<?> stop() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    monitors.values().forEach(GroupMonitor::stop);
    clients.forEach(NetClient::close);
    HazelcastInstance hz = hazelcast;
    Future<Void> down = hz == null ? Future.succeededFuture() : calls.call(() -> {
      if (hz.getLifecycleService().isRunning()) {
        hz.shutdown();
      }
      return null;
    });
    return down.eventually(() -> Future.join(calls.close(), scripts.close(), webhooks.close()));
  }

  // --- read by Election --------------------------------------------------------------------

  public ElectionConfig electionConfig() {
    return config;
  }

  public io.vertx.core.Context nodeContext() {
    return context;
  }

  public Map<String, GroupMonitor> monitors() {
    return monitors;
  }

  public Membership membership() {
    return membership;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public EventDispatcher events() {
    return events;
  }

  public RequestChannel requests() {
    return requests;
  }
}
