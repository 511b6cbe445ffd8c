package io.belay.election.sentinel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One replica as {@code SENTINEL REPLICAS <name>} describes it.
 *
 * @param ip                    its host
 * @param port                  its port
 * @param runId                 its run id, or empty
 * @param flags                 {@code slave}, plus {@code s_down}, {@code disconnected}
 * @param lastOkPingReplyMillis milliseconds since its last valid probe reply
 * @param masterLinkDownMillis  how long its link to the master has been down
 * @param masterLinkStatus      {@code ok} or {@code err}
 * @param masterHost            the master it follows
 * @param masterPort            that master's port
 * @param priority              its replica-priority
 * @param offset                its replication offset
 */
public record ReplicaInfo(
    String ip,
    int port,
    String runId,
    String flags,
    long lastOkPingReplyMillis,
    long masterLinkDownMillis,
    String masterLinkStatus,
    String masterHost,
    int masterPort,
    int priority,
    long offset) {

  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", ip + ":" + port);
    f.put("ip", ip);
    f.put("port", Integer.toString(port));
    f.put("runid", runId);
    f.put("flags", flags);
    f.put("link-pending-commands", "0");
    f.put("link-refcount", "1");
    f.put("last-ping-sent", "0");
    f.put("last-ok-ping-reply", Long.toString(lastOkPingReplyMillis));
    f.put("last-ping-reply", Long.toString(lastOkPingReplyMillis));
    f.put("master-link-down-time", Long.toString(masterLinkDownMillis));
    f.put("master-link-status", masterLinkStatus);
    f.put("master-host", masterHost);
    f.put("master-port", Integer.toString(masterPort));
    f.put("slave-priority", Integer.toString(priority));
    f.put("slave-repl-offset", Long.toString(offset));
    return f;
  }
}
