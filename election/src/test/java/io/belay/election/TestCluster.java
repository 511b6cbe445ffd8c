package io.belay.election;

import io.belay.election.support.Ports;
import io.belay.election.support.RedisServer;
import io.belay.routing.BackendRef;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingTable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Three redis-servers (a master and two replicas) and N Belay election nodes, each with its own
 * Vert.x and Hazelcast member on loopback, in one JVM.
 */
final class TestCluster implements AutoCloseable {

  static final String GROUP = "mymaster";

  final List<RedisServer> redis = new ArrayList<>();
  final List<BackendRef> backends = new ArrayList<>();
  final List<Node> nodes = new ArrayList<>();
  private final List<String> members = new ArrayList<>();
  private final String clusterName = "belay-it-" + UUID.randomUUID();
  private final GroupSpec spec;

  /** One Belay node: its Vert.x, election, holder and the events it emitted. */
  static final class Node {
    final String name;
    final Vertx vertx = Vertx.vertx();
    final RoutingHolder holder = new RoutingHolder(GROUP);
    final List<ElectionEvent> events = new CopyOnWriteArrayList<>();
    final List<ElectionEvents> extra = new CopyOnWriteArrayList<>();
    Election election;
    int port;
    boolean closed;

    Node(String name) {
      this.name = name;
    }

    RoutingTable table() {
      return holder.current().orElseThrow(() -> new AssertionError(name + " holds no table"));
    }

    long count(EventType type) {
      return events.stream().filter(e -> e.type() == type).count();
    }

    boolean leading() {
      try {
        return election.leading().await(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError(name + " did not answer", e);
      }
    }

    /** Leaves the cluster as a crash would: no goodbye to the other members. */
    void crashHazelcast() {
      election.hazelcast().getLifecycleService().terminate();
    }

    void close() throws Exception {
      if (!closed) {
        closed = true;
        try {
          election.close().await(30, TimeUnit.SECONDS);
        } finally {
          vertx.close().await(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  TestCluster(int nodeCount, Duration downAfter) throws Exception {
    RedisServer master = RedisServer.start(Ports.free(), 0);
    redis.add(master);
    redis.add(RedisServer.start(Ports.free(), master.port()));
    redis.add(RedisServer.start(Ports.free(), master.port()));
    String[] ids = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
      backends.add(new BackendRef(ids[i], "127.0.0.1", redis.get(i).port()));
    }
    spec = GroupSpec.of(GROUP, backends, Math.min(2, nodeCount))
        .withDownAfter(downAfter)
        .withFailoverTimeout(Duration.ofSeconds(5));
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      int p = Ports.free();
      ports.add(p);
      members.add("127.0.0.1:" + p);
    }
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(new Node("node" + (i + 1)));
    }
    // the first node starts alone so that it is the oldest member and the leader
    start(nodes.get(0), ports.get(0));
    List<Thread> starters = new ArrayList<>();
    List<Exception> failures = new CopyOnWriteArrayList<>();
    for (int i = 1; i < nodeCount; i++) {
      Node n = nodes.get(i);
      int port = ports.get(i);
      Thread t = new Thread(() -> {
        try {
          start(n, port);
        } catch (Exception e) {
          failures.add(e);
        }
      });
      t.start();
      starters.add(t);
    }
    for (Thread t : starters) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  /** Stops the node's election and starts a new one on the same port, keeping its holder. */
  void restartElection(Node n) throws Exception {
    n.election.close().await(30, TimeUnit.SECONDS);
    start(n, n.port);
  }

  private void start(Node n, int port) throws Exception {
    n.port = port;
    ElectionConfig config = new ElectionConfig(clusterName, members, n.name, port, List.of(spec));
    n.election = Election.start(n.vertx, config, Map.of(GROUP, n.holder),
        List.of(n.events::add, e -> n.extra.forEach(l -> l.onEvent(e))))
        .await(60, TimeUnit.SECONDS);
  }

  /** Waits until every live node offers {@code master} with every replica up; the epoch. */
  long awaitAgreement(BackendRef master) {
    io.belay.election.support.Eventually.eventually(Duration.ofSeconds(30), () -> {
      long epoch = -1;
      for (Node n : live()) {
        RoutingTable t = n.table();
        org.junit.jupiter.api.Assertions.assertEquals(master, t.master(), n.name);
        epoch = epoch < 0 ? t.epoch() : epoch;
        org.junit.jupiter.api.Assertions.assertEquals(epoch, t.epoch(), n.name);
        for (BackendRef r : t.replicas()) {
          org.junit.jupiter.api.Assertions.assertTrue(t.view(r).orElseThrow().up(),
              n.name + " sees " + r + " down");
        }
      }
    });
    return live().get(0).table().epoch();
  }

  RedisServer master() {
    return redis.get(0);
  }

  RedisServer redisOf(BackendRef b) {
    return redis.get(backends.indexOf(b));
  }

  List<Node> live() {
    return nodes.stream().filter(n -> !n.closed).toList();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      try {
        n.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    redis.forEach(RedisServer::close);
  }
}
