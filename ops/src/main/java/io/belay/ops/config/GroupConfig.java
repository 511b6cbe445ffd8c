package io.belay.ops.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One master/replica group behind one stable proxy address.
 *
 * @param name               group name, as a Sentinel master name; used in metrics and the API
 * @param listen             the proxy address clients use
 * @param backends           every backend of the group; the first is the initial master
 * @param embedded           the backends this node runs in-process, a subset of {@code backends}
 * @param quorum             nodes that must see the master down before it is objectively down
 * @param downAfter          how long a backend must fail probes before this node sees it down
 * @param readPolicy         where read-only commands go
 * @param maxReplicaLag      replicas further behind than this are not read from
 * @param consistency        what clients may observe when reading from replicas
 * @param durability         when writes are acknowledged
 * @param holdWrites         during a failover, how long writes wait for a new master before
 *                           they fail with an error
 * @param requirepass        password the proxy asks of clients (it reaches backends with {@code masterauth})
 * @param masterauth         password replicas use to authenticate to their master
 * @param minReplicasToWrite a master refuses writes with fewer replicas acking than this, which
 *                           is what keeps an isolated old master from collecting writes
 * @param minReplicasMaxLag  how recent a replica's ack must be to count for {@code minReplicasToWrite}
 * @param failover           probe interval, failover timeout and data-loss budget
 * @param hooks              scripts and webhooks run on events
 * @param clients            limits on the proxy's clients
 * @param tls                when present, clients connect to {@code listen} over TLS only
 */
public record GroupConfig(
    String name,
    HostPort listen,
    List<HostPort> backends,
    List<HostPort> embedded,
    int quorum,
    Duration downAfter,
    ReadPolicy readPolicy,
    Duration maxReplicaLag,
    Consistency consistency,
    Durability durability,
    Duration holdWrites,
    Optional<Secret> requirepass,
    Optional<Secret> masterauth,
    int minReplicasToWrite,
    Duration minReplicasMaxLag,
    FailoverSettings failover,
    HookSettings hooks,
    ClientLimits clients,
    Optional<TlsFiles> tls) {

  public static final Duration DEFAULT_DOWN_AFTER = Duration.ofSeconds(1);
  public static final ReadPolicy DEFAULT_READ_POLICY = ReadPolicy.MASTER;
  public static final Duration DEFAULT_MAX_REPLICA_LAG = Duration.ofSeconds(1);
  public static final Consistency DEFAULT_CONSISTENCY = Consistency.EVENTUAL;
  public static final Duration DEFAULT_HOLD_WRITES = Duration.ofSeconds(2);
  public static final Duration DEFAULT_MIN_REPLICAS_MAX_LAG = Duration.ofSeconds(10);

  public GroupConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    backends = List.copyOf(backends);
    embedded = List.copyOf(embedded);
    Objects.requireNonNull(downAfter, "downAfter");
    Objects.requireNonNull(readPolicy, "readPolicy");
    Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(holdWrites, "holdWrites");
    Objects.requireNonNull(requirepass, "requirepass");
    Objects.requireNonNull(masterauth, "masterauth");
    Objects.requireNonNull(minReplicasMaxLag, "minReplicasMaxLag");
    Objects.requireNonNull(failover, "failover");
    Objects.requireNonNull(hooks, "hooks");
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(tls, "tls");
  }

  /** The backend that is master when the group first starts. */
  public HostPort initialMaster() {
    return backends.get(0);
  }

  /** Replicas the group has besides its master. */
  public int replicaCount() {
    return backends.size() - 1;
  }
}
