package io.belay.ops.launch;

import io.belay.backends.Backend;
import io.belay.backends.BackendOptions;
import io.belay.backends.server.LocalConnection;
import io.belay.election.Election;
import io.belay.election.ElectionConfig;
import io.belay.election.ElectionEvent;
import io.belay.election.ElectionEvents;
import io.belay.election.ElectionMetrics;
import io.belay.election.settings.SharedSettings;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.NodeConfig;
import io.belay.ops.http.HttpOptions;
import io.belay.ops.http.OpsHttpServer;
import io.belay.proxy.InProcessBackend;
import io.belay.proxy.ProxyGroup;
import io.belay.proxy.ProxyMetrics;
import io.belay.proxy.ProxyOptions;
import io.belay.proxy.ProxyServer;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one Belay node runs, wired in start order: its embedded backends, the election
 * that owns each group's routing table, a proxy per group reading that table, and the ops
 * HTTP server. Stopping goes in reverse.
 */
final class NodeRuntime {

  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

  private final Vertx vertx;
  private final NodeConfig config;
  private final Path dataDir;
  private final PrometheusMeterRegistry registry;
  /** Event loops of each proxy at most; 0 leaves the proxy's default. */
  private final int eventLoops;
  private final Map<String, Backend> backends = new LinkedHashMap<>();
  private final Map<String, RoutingHolder> holders = new LinkedHashMap<>();
  private final Map<String, ProxyGroup> groups = new LinkedHashMap<>();
  /** The groups the election's events go to, read on the election's event loop. */
  private final Map<String, ProxyGroup> eventTargets = new ConcurrentHashMap<>();
  private final List<ProxyServer> proxies = new ArrayList<>();
  private final EventLog events = new EventLog(200);
  private Election election;
  private OpsHttpServer http;

  NodeRuntime(Vertx vertx, NodeConfig config, Path dataDir, PrometheusMeterRegistry registry,
      int eventLoops) {
    this.vertx = vertx;
    this.config = config;
    this.dataDir = dataDir;
    this.registry = registry;
    this.eventLoops = eventLoops;
  }

  Future<NodeRuntime> start() {
    return startBackends()
        .compose(v -> startElection())
        .compose(v -> startProxies())
        .compose(v -> startHttp())
        .map(v -> this);
  }

  private Future<Void> startBackends() {
    Future<Void> chain = Future.succeededFuture();
    for (GroupConfig g : config.groups()) {
      for (HostPort hp : g.embedded()) {
        chain = chain.compose(v -> Backend.start(vertx, backendOptions(g, hp), registry).map(b -> {
          backends.put(hp.host() + ":" + hp.port(), b);
          return null;
        }));
      }
    }
    return chain;
  }

  private BackendOptions backendOptions(GroupConfig g, HostPort hp) {
    Path dir = dataDir.resolve(g.name() + "-" + hp.port());
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Map<String, String> c = new LinkedHashMap<>();
    c.put("dir", dir.toString());
    c.put("save", "3600 1 300 100 60 10000");
    c.put("min-replicas-to-write", Integer.toString(g.minReplicasToWrite()));
    c.put("min-replicas-max-lag", Long.toString(Math.max(1, g.minReplicasMaxLag().toSeconds())));
    g.masterauth().ifPresent(p -> {
      c.put("requirepass", p.value());
      c.put("masterauth", p.value());
    });
    HostPort master = g.initialMaster();
    if (!master.equals(hp)) {
      c.put("replicaof", master.host() + " " + master.port());
    }
    return new BackendOptions(hp.host(), hp.port(), 16, c);
  }

  private Future<Void> startElection() {
    List<io.belay.election.GroupSpec> specs = config.groups().stream().map(Translate::election).toList();
    for (GroupConfig g : config.groups()) {
      holders.put(g.name(), new RoutingHolder(g.name()));
      ReplicationMeters.register(registry, g, holders.get(g.name()));
    }
    List<String> members = config.cluster().members().stream().map(m -> m.host() + ":" + m.port()).toList();
    ElectionConfig ec = members.size() <= 1
        ? ElectionConfig.singleMember(config.node().name(), config.cluster().port(), specs)
        : new ElectionConfig(config.cluster().name(), members, config.node().name(), config.cluster().port(), specs);
    List<ElectionEvents> listeners = List.of(new ElectionMetrics(registry, holders), events::record,
        this::publishToClients);
    return Election.start(vertx, ec, holders, listeners).map(e -> {
      election = e;
      return null;
    });
  }

  /**
   * Every event goes to the clients subscribed on the proxy ports, as redis-sentinel publishes
   * it: the group's own events on its port, cluster-wide ones (no group) on every port.
   */
  private void publishToClients(ElectionEvent event) {
    if (event.group().isEmpty()) {
      eventTargets.values().forEach(g -> g.publishEvent(event.type().text(), event.description()));
      return;
    }
    ProxyGroup group = eventTargets.get(event.group());
    if (group != null) {
      group.publishEvent(event.type().text(), event.description());
    }
  }

  /**
   * Builds every group's proxy, applies the routing changes the cluster already shares (a node
   * that joins later must not serve its file's values), then opens the client ports.
   */
  private Future<Void> startProxies() {
    Map<String, GroupConfig> configs = new LinkedHashMap<>();
    for (GroupConfig g : config.groups()) {
      configs.put(g.name(), g);
      ProxyOptions options = Translate.proxy(g);
      if (eventLoops > 0) {
        options = options.withEventLoops(Math.min(options.eventLoops(), eventLoops));
      }
      ProxyGroup group = new ProxyGroup(holders.get(g.name()), Translate.routing(g), options,
          new ProxyMetrics(registry, g.name()));
      for (HostPort hp : g.embedded()) {
        String address = hp.host() + ":" + hp.port();
        group.registerInProcess(address, inProcess(backends.get(address)));
      }
      group.setSentinel(new SentinelAnswers(election));
      groups.put(g.name(), group);
      eventTargets.put(g.name(), group);
    }
    Future<Void> chain = election.onSettings(shared -> applySettings(configs.get(shared.group()), shared));
    for (GroupConfig g : config.groups()) {
      ProxyGroup group = groups.get(g.name());
      chain = chain.compose(v -> ProxyServer.start(vertx, group).map(p -> {
        proxies.add(p);
        log.info("group {}: proxy listening on {}{}", g.name(), g.listen(),
            g.tls().isPresent() ? " (TLS only)" : "");
        return null;
      }));
    }
    return chain;
  }

  /** Runs on the election's event loop, once per version, versions in increasing order. */
  private void applySettings(GroupConfig g, SharedSettings shared) {
    ProxyGroup group = g == null ? null : groups.get(g.name());
    if (group == null) {
      return;
    }
    RoutingSettings next = RoutingOverlay.apply(g, shared.values());
    if (!next.equals(group.settings())) {
      group.updateSettings(next);
      log.info("group {}: routing settings version {} in force: {}", g.name(), shared.version(), shared.values());
    }
  }

  /**
   * The proxy reaches an embedded backend without a socket, with the same RESP on both sides,
   * and reads its replication offset directly for read-your-writes instead of asking ROLE.
   */
  private static InProcessBackend inProcess(Backend backend) {
    return new InProcessBackend() {
      @Override
      public Link open(java.util.function.Consumer<byte[]> output, Runnable closed) {
        LocalConnection.Peer peer = backend.openLocal("proxy", output, closed);
        return new Link() {
          @Override
          public void write(byte[] commands) {
            peer.write(commands);
          }

          @Override
          public void close() {
            peer.close();
          }
        };
      }

      @Override
      public boolean tellsReplicationOffset() {
        return true;
      }

      // Read on a proxy event loop after the replies of the writes arrived: they were handed
      // over by the engine's context after the writes ran, so the offset read covers them.
      @Override
      public long replicationOffset() {
        return backend.replication().isReplica() ? -1 : backend.replication().offset();
      }
    };
  }

  private Future<Void> startHttp() {
    HostPort at = config.node().http();
    HttpOptions options = new HttpOptions(at.host(), at.port(), config.node().adminToken().map(s -> s.value()));
    OpsViews views = new OpsViews(election, holders, groups, registry, events);
    return OpsHttpServer.start(vertx, options, registry, views, views, events, views).map(s -> {
      http = s;
      log.info("ops HTTP on http://{}:{}/ (metrics at /metrics)", at.host(), s.port());
      return null;
    });
  }

  Map<String, Backend> backends() {
    return backends;
  }

  /** Stops in reverse order: HTTP, proxies, election, then backends (which save). */
  Future<Void> stop() {
    Future<Void> chain = http == null ? Future.succeededFuture() : http.close();
    for (ProxyServer p : proxies) {
      chain = chain.eventually(p::close);
    }
    if (election != null) {
      chain = chain.eventually(election::close);
    }
    for (Backend b : backends.values()) {
      chain = chain.eventually(b::stop);
    }
    return chain;
  }
}
