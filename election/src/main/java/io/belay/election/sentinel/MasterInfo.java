package io.belay.election.sentinel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One group as {@code SENTINEL MASTER <name>} and {@code SENTINEL MASTERS} describe it.
 *
 * @param name                 the group name
 * @param ip                   the master's host
 * @param port                 the master's port
 * @param runId                the master's run id, or empty when unknown
 * @param flags                Sentinel's flags: {@code master}, plus {@code s_down},
 *                             {@code o_down}, {@code disconnected}, {@code failover_in_progress}
 * @param configEpoch          the group's epoch
 * @param numReplicas          configured replicas
 * @param numOtherSentinels    other Belay nodes in the cluster
 * @param quorum               the group's quorum
 * @param downAfterMillis      down-after
 * @param failoverTimeoutMillis failover-timeout
 * @param lastOkPingReplyMillis milliseconds since the last valid probe reply
 * @param roleReported         the role the master reports
 * @param failoverState        the running attempt's phase, or empty
 */
public record MasterInfo(
    String name,
    String ip,
    int port,
    String runId,
    String flags,
    long configEpoch,
    int numReplicas,
    int numOtherSentinels,
    int quorum,
    long downAfterMillis,
    long failoverTimeoutMillis,
    long lastOkPingReplyMillis,
    String roleReported,
    String failoverState) {

  /** The field/value pairs in the order Sentinel prints them. */
  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("ip", ip);
    f.put("port", Integer.toString(port));
    f.put("runid", runId);
    f.put("flags", flags);
    f.put("link-pending-commands", "0");
    f.put("link-refcount", "1");
    f.put("last-ping-sent", "0");
    f.put("last-ok-ping-reply", Long.toString(lastOkPingReplyMillis));
    f.put("last-ping-reply", Long.toString(lastOkPingReplyMillis));
    f.put("down-after-milliseconds", Long.toString(downAfterMillis));
    f.put("role-reported", roleReported);
    f.put("config-epoch", Long.toString(configEpoch));
    f.put("num-slaves", Integer.toString(numReplicas));
    f.put("num-other-sentinels", Integer.toString(numOtherSentinels));
    f.put("quorum", Integer.toString(quorum));
    f.put("failover-timeout", Long.toString(failoverTimeoutMillis));
    f.put("parallel-syncs", "1");
    if (!failoverState.isEmpty()) {
      f.put("failover-state", failoverState);
    }
    return f;
  }
}
