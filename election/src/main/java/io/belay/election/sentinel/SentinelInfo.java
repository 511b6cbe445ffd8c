package io.belay.election.sentinel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Another Belay node as {@code SENTINEL SENTINELS <name>} describes it.
 *
 * @param name   its node name
 * @param ip     its cluster address
 * @param port   its cluster port
 * @param runId  its member id
 * @param leader whether it is the leader
 */
public record SentinelInfo(String name, String ip, int port, String runId, boolean leader) {

  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("ip", ip);
    f.put("port", Integer.toString(port));
    f.put("runid", runId);
    f.put("flags", leader ? "sentinel,leader" : "sentinel");
    f.put("link-pending-commands", "0");
    f.put("link-refcount", "1");
    return f;
  }
}
