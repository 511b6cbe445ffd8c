package io.belay.election.probe;

import io.belay.protocol.RespValue;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ROLE and INFO replies into a {@link ProbeResult}. Field names are redis-server's; a
 * Belay backend prints the same ones plus {@code belay_epoch}. Pure functions, no I/O.
 */
public final class ReplyParser {

  private ReplyParser() {
  }

  /** The {@code key:value} lines of an INFO reply; section headers and blanks are skipped. */
  public static Map<String, String> infoFields(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  /** The text of a bulk or verbatim reply, or null for anything else (an error, say). */
  public static String text(RespValue reply) {
    if (reply instanceof RespValue.BulkString b) {
      return b.asString();
    }
    if (reply instanceof RespValue.Verbatim v) {
      return new String(v.text(), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (reply instanceof RespValue.SimpleString s) {
      return s.value();
    }
    return null;
  }

  /** The role ROLE reports: its first element, {@code master} or {@code slave}. */
  public static BackendRole role(RespValue roleReply) {
    if (roleReply instanceof RespValue.Array a && !a.elements().isEmpty()) {
      String first = text(a.elements().get(0));
      if ("master".equals(first)) {
        return BackendRole.MASTER;
      }
      if ("slave".equals(first) || "replica".equals(first)) {
        return BackendRole.REPLICA;
      }
    }
    return BackendRole.UNKNOWN;
  }

  /**
   * Builds a reachable result. ROLE is authoritative for the role (INFO is produced by the same
   * server in the same round, so they agree unless a role change lands between the two).
   */
  public static ProbeResult result(BackendRef backend, boolean loading, RespValue roleReply,
      String replicationInfo, String runId, long atMillis) {
    Map<String, String> f = replicationInfo == null ? Map.of() : infoFields(replicationInfo);
    BackendRole role = role(roleReply);
    if (role == BackendRole.UNKNOWN) {
      String r = f.get("role");
      role = "master".equals(r) ? BackendRole.MASTER
          : "slave".equals(r) ? BackendRole.REPLICA : BackendRole.UNKNOWN;
    }
    boolean replica = role == BackendRole.REPLICA;
    return new ProbeResult(
        backend,
        true,
        loading,
        role,
        number(f.get("master_repl_offset"), -1),
        replica ? number(f.get("slave_repl_offset"), -1) : -1,
        replica ? f.get("master_host") : null,
        replica ? (int) number(f.get("master_port"), 0) : 0,
        !replica || "up".equals(f.get("master_link_status")),
        replica ? number(f.get("master_link_down_since_seconds"), -1) : -1,
        (int) number(f.getOrDefault("slave_priority", f.get("replica_priority")),
            ProbeResult.DEFAULT_PRIORITY),
        runId,
        number(f.get("belay_epoch"), -1),
        listedReplicas(f),
        atMillis);
  }

  /** {@code slaveN:ip=..,port=..,state=..,offset=..,lag=..} lines, in N order. */
  static List<ProbeResult.ListedReplica> listedReplicas(Map<String, String> f) {
    List<ProbeResult.ListedReplica> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      String line = f.get("slave" + i);
      if (line == null) {
        return out;
      }
      Map<String, String> kv = new HashMap<>();
      for (String part : line.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      String ip = kv.get("ip");
      int port = (int) number(kv.get("port"), 0);
      if (ip != null && port > 0) {
        out.add(new ProbeResult.ListedReplica(ip, port, kv.getOrDefault("state", "unknown"),
            number(kv.get("offset"), -1), number(kv.get("lag"), -1)));
      }
    }
  }

  static long number(String s, long otherwise) {
    if (s == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
