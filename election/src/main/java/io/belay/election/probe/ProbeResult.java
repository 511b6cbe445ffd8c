package io.belay.election.probe;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one probe round (PING, ROLE, INFO replication) learned about a backend.
 *
 * @param backend          the backend probed
 * @param reachable        whether the round got a valid reply; false leaves every other field
 *                         at its "unknown" value
 * @param loading          the backend answered {@code -LOADING} or {@code -BUSY}: alive, but
 *                         not promotable
 * @param role             the role the backend reports
 * @param masterReplOffset {@code master_repl_offset}, or -1 when unknown
 * @param replicaOffset    {@code slave_repl_offset} of a replica, or -1
 * @param masterHost       a replica's {@code master_host}, or null
 * @param masterPort       a replica's {@code master_port}, or 0
 * @param linkUp           a replica's {@code master_link_status:up}; true for a master
 * @param linkDownSeconds  a replica's {@code master_link_down_since_seconds}, or -1 when the
 *                         link is up or the value is unknown
 * @param priority         {@code slave_priority} (replica-priority); 0 means never promote
 * @param runId            {@code run_id} from INFO server, or null when not known yet
 * @param epoch            {@code belay_epoch} of a Belay backend, or -1 for stock redis-server
 * @param replicas         the replicas a master lists ({@code slaveN:} lines)
 * @param atMillis         wall-clock time the round completed
 */
public record ProbeResult(
    BackendRef backend,
    boolean reachable,
    boolean loading,
    BackendRole role,
    long masterReplOffset,
    long replicaOffset,
    String masterHost,
    int masterPort,
    boolean linkUp,
    long linkDownSeconds,
    int priority,
    String runId,
    long epoch,
    List<ListedReplica> replicas,
    long atMillis) {

  public static final int DEFAULT_PRIORITY = 100;

  public ProbeResult {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(role, "role");
    replicas = List.copyOf(replicas);
  }

  /** A replica as its master lists it in INFO replication. */
  public record ListedReplica(String host, int port, String state, long offset, long lagSeconds) {
    public String address() {
      return host + ':' + port;
    }
  }

  /** A round without a valid reply. */
  public static ProbeResult unreachable(BackendRef backend, long atMillis) {
    return new ProbeResult(backend, false, false, BackendRole.UNKNOWN, -1, -1, null, 0, false, -1,
        DEFAULT_PRIORITY, null, -1, List.of(), atMillis);
  }

  /** Whether the backend speaks Belay's fenced {@code BELAY} control command. */
  public boolean belay() {
    return epoch >= 0;
  }

  /** The backend's own replication offset: the master's, or what a replica has processed. */
  public OptionalLong offset() {
    long v = role == BackendRole.REPLICA ? replicaOffset : masterReplOffset;
    return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** Whether this replica follows {@code master}. */
  public boolean replicates(BackendRef master) {
    return role == BackendRole.REPLICA && master != null && masterPort == master.port()
        && master.host().equalsIgnoreCase(masterHost);
  }

  /** The listing of {@code replica} in this master's INFO, if present. */
  public ListedReplica listed(BackendRef replica) {
    for (ListedReplica r : replicas) {
      if (r.port() == replica.port() && r.host().equalsIgnoreCase(replica.host())) {
        return r;
      }
    }
    return null;
  }

  public ProbeResult withRunId(String id) {
    return new ProbeResult(backend, reachable, loading, role, masterReplOffset, replicaOffset,
        masterHost, masterPort, linkUp, linkDownSeconds, priority, id, epoch, replicas, atMillis);
  }
}
