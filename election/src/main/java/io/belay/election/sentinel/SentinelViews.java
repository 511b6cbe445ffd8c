package io.belay.election.sentinel;

import io.belay.election.GroupSpec;
import io.belay.election.cluster.MemberInfo;
import io.belay.election.cluster.Membership;
import io.belay.election.failover.FailoverState;
import io.belay.election.monitor.GroupMonitor;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.ArrayList;
import java.util.List;

/** Builds Sentinel's answers from a group monitor. Call on the election context. */
public final class SentinelViews {

  private SentinelViews() {
  }

  public static MasterInfo master(GroupMonitor g) {
    GroupSpec spec = g.spec();
    BackendRef m = g.master();
    long now = System.currentTimeMillis();
    if (m == null) {
      return new MasterInfo(spec.name(), "", 0, "", "master,disconnected", -1,
          spec.backends().size() - 1, others(g.membership()), spec.quorum(),
          spec.downAfter().toMillis(), spec.failoverTimeout().toMillis(), 0, "unknown", "");
    }
    Observation o = g.observe(m);
    ProbeResult r = o.lastReachable();
    StringBuilder flags = new StringBuilder("master");
    if (o.down()) {
      flags.append(",s_down");
    }
    if (g.objectivelyDown()) {
      flags.append(",o_down");
    }
    if (!o.latest().reachable()) {
      flags.append(",disconnected");
    }
    FailoverState phase = g.duties().failoverState();
    if (phase != null || (g.state() != null && g.state().failoverInProgress())) {
      flags.append(",failover_in_progress");
    }
    return new MasterInfo(spec.name(), m.host(), m.port(),
        r == null || r.runId() == null ? "" : r.runId(), flags.toString(),
        g.state() == null ? 0 : g.state().epoch(), spec.backends().size() - 1,
        others(g.membership()), spec.quorum(), spec.downAfter().toMillis(),
        spec.failoverTimeout().toMillis(), now - g.observe(m).latest().atMillis(),
        r == null ? "unknown" : role(r.role()),
        phase == null ? "" : phase.name().toLowerCase());
  }

  public static List<ReplicaInfo> replicas(GroupMonitor g) {
    List<ReplicaInfo> out = new ArrayList<>();
    BackendRef m = g.master();
    long now = System.currentTimeMillis();
    for (BackendRef b : g.spec().backends()) {
      if (b.equals(m)) {
        continue;
      }
      Observation o = g.observe(b);
      ProbeResult r = o.lastReachable();
      StringBuilder flags = new StringBuilder(r != null && r.role() == BackendRole.MASTER
          ? "master" : "slave");
      if (o.down()) {
        flags.append(",s_down");
      }
      if (!o.latest().reachable()) {
        flags.append(",disconnected");
      }
      out.add(new ReplicaInfo(b.host(), b.port(),
          r == null || r.runId() == null ? "" : r.runId(), flags.toString(),
          r == null ? 0 : now - r.atMillis(),
          r == null ? 0 : Math.max(0, r.linkDownSeconds()) * 1000,
          r != null && r.linkUp() ? "ok" : "err",
          r == null || r.masterHost() == null ? "?" : r.masterHost(),
          r == null ? 0 : r.masterPort(),
          r == null ? ProbeResult.DEFAULT_PRIORITY : r.priority(),
          r == null ? 0 : Math.max(0, r.offset().orElse(0))));
    }
    return out;
  }

  /** Every other member of the cluster this node sees. */
  public static List<SentinelInfo> sentinels(Membership membership) {
    List<SentinelInfo> out = new ArrayList<>();
    MemberInfo oldest = membership.oldest();
    for (MemberInfo m : membership.members()) {
      if (!m.id().equals(membership.localId())) {
        out.add(new SentinelInfo(m.name(), m.host(), m.port(), m.id(),
            membership.majority() && m.equals(oldest)));
      }
    }
    return out;
  }

  public static QuorumCheck ckquorum(GroupMonitor g) {
    Membership m = g.membership();
    return QuorumCheck.of(m.members().size(), g.spec().quorum(), m.majoritySize());
  }

  private static int others(Membership m) {
    return Math.max(0, m.members().size() - 1);
  }

  private static String role(BackendRole r) {
    return r == BackendRole.MASTER ? "master" : r == BackendRole.REPLICA ? "slave" : "unknown";
  }
}
