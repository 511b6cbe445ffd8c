package io.belay.ops.config.impl;

import io.belay.ops.config.ClientLimits;
import io.belay.ops.config.ClusterSection;
import io.belay.ops.config.ConfigException;
import io.belay.ops.config.Durability;
import io.belay.ops.config.FailoverSettings;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.HookSettings;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.NodeConfig;
import io.belay.ops.config.NodeSection;
import io.belay.ops.config.Ports;
import io.belay.ops.config.TlsFiles;
import io.belay.ops.config.Values;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a {@link NodeDocument} into a {@link NodeConfig}: fills defaults, then checks every
 * value and every relation between values, failing on the first problem with its key path.
 */
public final class NodeConfigValidator {

  /** Names end up in metric tags, event texts and URLs, so they stay plain. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String NAME_RULE = "letters, digits, '.', '_', '-'";
  private static final String ADDRESS = "host:port, e.g. 127.0.0.1:6379";

  private final String file;

  public NodeConfigValidator(String file) {
    this.file = file;
  }

  public NodeConfig validate(NodeDocument doc) throws ConfigException {
    NodeSection node = node(required(doc.node(), "node", "a mapping with name and http"));
    ClusterSection cluster = cluster(required(doc.cluster(), "cluster", "a mapping with members"));
    List<NodeDocument.Group> groupDocs = doc.groups();
    if (groupDocs == null || groupDocs.isEmpty()) {
      throw problem("groups", "at least one group is required");
    }
    List<GroupConfig> groups = new ArrayList<>();
    for (int i = 0; i < groupDocs.size(); i++) {
      String path = "groups[" + i + "]";
      groups.add(group(required(groupDocs.get(i), path, "a mapping with name, listen and backends"),
          path, cluster));
    }
    checkGroupsApart(groups);
    checkPortsBoundHere(node, cluster, groups);
    return new NodeConfig(node, cluster, groups);
  }

  private NodeSection node(NodeDocument.Node doc) throws ConfigException {
    String name = name(doc.name(), "node.name");
    HostPort http = doc.http() != null ? doc.http() : NodeSection.DEFAULT_HTTP;
    return new NodeSection(name, http, Optional.ofNullable(doc.adminToken()));
  }

  private ClusterSection cluster(NodeDocument.Cluster doc) throws ConfigException {
    String name = doc.name() != null ? name(doc.name(), "cluster.name") : ClusterSection.DEFAULT_NAME;
    int port = doc.port() != null ? port(doc.port(), "cluster.port") : ClusterSection.DEFAULT_PORT;
    List<HostPort> members = addresses(doc.members(), "cluster.members");
    if (members.isEmpty()) {
      throw problem("cluster.members", "at least one member is required (this node's " + ADDRESS + ")");
    }
    return new ClusterSection(name, port, members);
  }

  private GroupConfig group(NodeDocument.Group doc, String path, ClusterSection cluster)
      throws ConfigException {
    String name = name(doc.name(), path + ".name");
    HostPort listen = required(doc.listen(), path + ".listen", ADDRESS);
    List<HostPort> backends = addresses(doc.backends(), path + ".backends");
    if (backends.isEmpty()) {
      throw problem(path + ".backends", "at least one backend is required (" + ADDRESS + ")");
    }
    List<HostPort> embedded = doc.embedded() == null ? List.of() : doc.embedded();
    for (int i = 0; i < embedded.size(); i++) {
      HostPort backend = embedded.get(i);
      if (backend == null) {
        throw problem(path + ".embedded[" + i + "]", "empty entry (expected " + ADDRESS + ")");
      }
      if (!backends.contains(backend)) {
        throw problem(path + ".embedded[" + i + "]", "'" + backend
            + "' is not one of this group's backends (" + joined(backends) + ")");
      }
    }
    checkDistinct(embedded, path + ".embedded");
    int replicas = backends.size() - 1;

    int members = cluster.members().size();
    int quorum = doc.quorum() != null ? doc.quorum() : cluster.majority();
    if (quorum < 1 || quorum > members) {
      throw problem(path + ".quorum", "'" + quorum + "' is not between 1 and " + members
          + " (the number of cluster members)");
    }
    Durability durability = doc.durability() != null ? doc.durability() : Durability.ASYNC;
    if (durability.replicaAcks() > replicas) {
      throw problem(path + ".durability", "'" + durability + "' needs " + durability.replicaAcks()
          + " replicas but the group has " + replicas + " (backends besides the master)");
    }
    int minReplicas = doc.minReplicasToWrite() != null ? doc.minReplicasToWrite() : Math.min(1, replicas);
    if (minReplicas < 0 || minReplicas > replicas) {
      throw problem(path + ".min-replicas-to-write", "'" + minReplicas + "' is not between 0 and "
          + replicas + " (backends besides the master)");
    }
    Duration downAfter = positive(doc.downAfter(), GroupConfig.DEFAULT_DOWN_AFTER, path + ".down-after");
    return new GroupConfig(name, listen, backends, embedded, quorum, downAfter,
        doc.readPolicy() != null ? doc.readPolicy() : GroupConfig.DEFAULT_READ_POLICY,
        positive(doc.maxReplicaLag(), GroupConfig.DEFAULT_MAX_REPLICA_LAG, path + ".max-replica-lag"),
        doc.consistency() != null ? doc.consistency() : GroupConfig.DEFAULT_CONSISTENCY,
        durability,
        doc.holdWrites() != null ? doc.holdWrites() : GroupConfig.DEFAULT_HOLD_WRITES,
        Optional.ofNullable(doc.requirepass()),
        Optional.ofNullable(doc.masterauth()),
        minReplicas,
        positive(doc.minReplicasMaxLag(), GroupConfig.DEFAULT_MIN_REPLICAS_MAX_LAG,
            path + ".min-replicas-max-lag"),
        failover(doc, path, downAfter),
        hooks(doc, path),
        clients(doc, path),
        doc.tls() == null ? Optional.empty() : Optional.of(tls(doc.tls(), path + ".tls")));
  }

  private FailoverSettings failover(NodeDocument.Group doc, String path, Duration downAfter)
      throws ConfigException {
    FailoverSettings defaults = FailoverSettings.DEFAULTS;
    Duration probe = positive(doc.probeInterval(), defaults.probeInterval(), path + ".probe-interval");
    // A backend is down once it has gone down-after without a valid reply; probed less often
    // than that, a healthy one would be seen down between every two probes.
    if (probe.compareTo(downAfter) >= 0) {
      if (doc.probeInterval() == null) {
        throw problem(path + ".down-after", "'" + Values.formatDuration(downAfter)
            + "' is not longer than probe-interval (" + Values.formatDuration(probe)
            + " by default); set a shorter probe-interval");
      }
      throw problem(path + ".probe-interval", "'" + Values.formatDuration(probe)
          + "' is not shorter than down-after (" + Values.formatDuration(downAfter)
          + "): a healthy backend would look down between two probes");
    }
    return new FailoverSettings(probe,
        positive(doc.failoverTimeout(), defaults.failoverTimeout(), path + ".failover-timeout"),
        doc.dataLossBudget() != null ? doc.dataLossBudget() : defaults.dataLossBudget());
  }

  private HookSettings hooks(NodeDocument.Group doc, String path) throws ConfigException {
    List<URI> webhooks = doc.webhooks() == null ? List.of() : doc.webhooks();
    for (int i = 0; i < webhooks.size(); i++) {
      if (webhooks.get(i) == null) {
        throw problem(path + ".webhooks[" + i + "]", "empty entry (expected an http or https URL)");
      }
    }
    return new HookSettings(
        script(doc.notificationScript(), path + ".notification-script"),
        script(doc.clientReconfigScript(), path + ".client-reconfig-script"),
        webhooks);
  }

  private Optional<Path> script(Path script, String path) throws ConfigException {
    if (script == null) {
      return Optional.empty();
    }
    return Optional.of(checked(script, path, ConfiguredFiles::executable));
  }

  private ClientLimits clients(NodeDocument.Group doc, String path) throws ConfigException {
    ClientLimits defaults = ClientLimits.DEFAULTS;
    int maxclients = doc.maxclients() != null ? doc.maxclients() : defaults.maxclients();
    if (maxclients < 1) {
      throw problem(path + ".maxclients", "'" + maxclients + "' is not a whole number >= 1");
    }
    return new ClientLimits(maxclients,
        doc.timeout() != null ? doc.timeout() : defaults.timeout(),
        doc.clientOutputBufferLimit() != null ? doc.clientOutputBufferLimit()
            : defaults.clientOutputBufferLimit());
  }

  private TlsFiles tls(NodeDocument.Tls doc, String path) throws ConfigException {
    Path cert = required(doc.cert(), path + ".cert", "a PEM certificate file, with key beside it");
    Path key = required(doc.key(), path + ".key", "a PEM private key file, with cert beside it");
    return new TlsFiles(checked(cert, path + ".cert", ConfiguredFiles::certificate),
        checked(key, path + ".key", ConfiguredFiles::privateKey));
  }

  private Path checked(Path file, String path, UnaryOperator<Path> check) throws ConfigException {
    try {
      return check.apply(file);
    } catch (IllegalArgumentException e) {
      throw problem(path, e.getMessage());
    }
  }

  /** Two groups with one name, or one backend in two groups, cannot both be right. */
  private void checkGroupsApart(List<GroupConfig> groups) throws ConfigException {
    Map<String, Integer> names = new HashMap<>();
    Map<HostPort, String> backendOwners = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      GroupConfig group = groups.get(i);
      Integer earlier = names.putIfAbsent(group.name(), i);
      if (earlier != null) {
        throw problem("groups[" + i + "].name", "'" + group.name()
            + "' is already the name of groups[" + earlier + "]");
      }
      for (int b = 0; b < group.backends().size(); b++) {
        HostPort backend = group.backends().get(b);
        String owner = backendOwners.putIfAbsent(backend, "groups[" + i + "]");
        if (owner != null && !owner.equals("groups[" + i + "]")) {
          throw problem("groups[" + i + "].backends[" + b + "]", "'" + backend
              + "' is already a backend of " + owner);
        }
      }
    }
  }

  /**
   * Every address this node listens on must have its own port. Hosts are not compared: one
   * machine binds them all, and 0.0.0.0 collides with every other host anyway.
   */
  private void checkPortsBoundHere(NodeSection node, ClusterSection cluster, List<GroupConfig> groups)
      throws ConfigException {
    Map<Integer, String> users = new HashMap<>();
    claimPort(users, node.http().port(), "node.http");
    claimPort(users, cluster.port(), "cluster.port");
    for (int i = 0; i < groups.size(); i++) {
      claimPort(users, groups.get(i).listen().port(), "groups[" + i + "].listen");
    }
    for (int i = 0; i < groups.size(); i++) {
      List<HostPort> embedded = groups.get(i).embedded();
      for (int e = 0; e < embedded.size(); e++) {
        claimPort(users, embedded.get(e).port(), "groups[" + i + "].embedded[" + e + "]");
      }
    }
  }

  private void claimPort(Map<Integer, String> users, int port, String path) throws ConfigException {
    String user = users.putIfAbsent(port, path);
    if (user != null) {
      throw problem(path, "port " + port + " is already used by " + user);
    }
  }

  private List<HostPort> addresses(List<HostPort> list, String path) throws ConfigException {
    if (list == null) {
      throw problem(path, "missing required key (a list of " + ADDRESS + ")");
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw problem(path + "[" + i + "]", "empty entry (expected " + ADDRESS + ")");
      }
    }
    checkDistinct(list, path);
    return list;
  }

  private void checkDistinct(List<HostPort> list, String path) throws ConfigException {
    for (int i = 0; i < list.size(); i++) {
      int first = list.indexOf(list.get(i));
      if (first != i) {
        throw problem(path + "[" + i + "]", "'" + list.get(i) + "' is listed twice (also at ["
            + first + "])");
      }
    }
  }

  private String name(String value, String path) throws ConfigException {
    required(value, path, NAME_RULE);
    if (!NAME.matcher(value).matches()) {
      throw problem(path, "'" + value + "' is not a name (" + NAME_RULE + ")");
    }
    return value;
  }

  private int port(int value, String path) throws ConfigException {
    try {
      return Ports.check(value);
    } catch (IllegalArgumentException e) {
      throw problem(path, e.getMessage());
    }
  }

  private Duration positive(Duration value, Duration fallback, String path) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw problem(path, "'" + Values.formatDuration(value) + "' is too short (must be more than 0ms)");
    }
    return value;
  }

  private <T> T required(T value, String path, String expected) throws ConfigException {
    if (value == null) {
      throw problem(path, "missing required key (" + expected + ")");
    }
    return value;
  }

  private ConfigException problem(String path, String message) {
    return new ConfigException(file + ": " + path + ": " + message);
  }

  private static String joined(List<HostPort> addresses) {
    return addresses.stream().map(HostPort::toString).collect(Collectors.joining(", "));
  }
}
