package io.belay.election;

import static io.belay.election.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.settings.SharedSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runtime settings shared by three in-process election nodes. */
class SharedSettingsIT {

  private TestCluster cluster;
  private final List<List<SharedSettings>> seen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = new TestCluster(3, Duration.ofMillis(500));
    for (TestCluster.Node n : cluster.nodes) {
      seen.add(listen(n));
    }
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static List<SharedSettings> listen(TestCluster.Node n) throws Exception {
    List<SharedSettings> received = new CopyOnWriteArrayList<>();
    n.election.onSettings(received::add).await(10, TimeUnit.SECONDS);
    return received;
  }

  private static SharedSettings last(List<SharedSettings> received) {
    return received.get(received.size() - 1);
  }

  @Test
  void shouldReachEveryNodeAndANodeThatJoinsLater() throws Exception {
    for (List<SharedSettings> s : seen) {
      assertEquals(0, last(s).version(), "before any change every node has the initial settings");
    }
    SharedSettings made = cluster.nodes.get(1).election
        .updateSettings(TestCluster.GROUP, Map.of("read-policy", "replica")).await(10, TimeUnit.SECONDS);
    assertEquals(1, made.version());
    assertEquals(made, last(seen.get(1)), "the writer's listeners ran before the update completed");
    long changed = System.nanoTime();
    eventually(Duration.ofSeconds(10), () -> {
      for (List<SharedSettings> s : seen) {
        assertEquals(made, last(s));
      }
    });
    System.out.printf("settings reached every node %d ms after the update completed%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed));

    TestCluster.Node restarted = cluster.nodes.get(2);
    cluster.restartElection(restarted);
    List<SharedSettings> afterRestart = listen(restarted);
    assertEquals(made, last(afterRestart), "a node that joins later adopts the current settings at once");
  }

  @Test
  void shouldOrderConcurrentChangesAndLoseNone() throws Exception {
    List<io.vertx.core.Future<SharedSettings>> updates = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < cluster.nodes.size(); i++) {
        updates.add(cluster.nodes.get(i).election.updateSettings(TestCluster.GROUP,
            Map.of("field-" + i, "round-" + round)));
      }
    }
    for (io.vertx.core.Future<SharedSettings> f : updates) {
      f.await(30, TimeUnit.SECONDS);
    }
    long versions = updates.stream().map(f -> f.result().version()).distinct().count();
    assertEquals(updates.size(), versions, "every change got its own version");
    // each field ends with the value of the highest version that wrote it
    Map<String, String> expected = new java.util.TreeMap<>();
    long[] best = new long[cluster.nodes.size()];
    for (int u = 0; u < updates.size(); u++) {
      SharedSettings r = updates.get(u).result();
      int node = u % cluster.nodes.size();
      if (r.version() > best[node]) {
        best[node] = r.version();
        expected.put("field-" + node, "round-" + u / cluster.nodes.size());
      }
    }
    eventually(Duration.ofSeconds(10), () -> {
      for (List<SharedSettings> s : seen) {
        SharedSettings latest = last(s);
        assertEquals(updates.size(), latest.version());
        assertEquals(expected, latest.values());
      }
    });
    for (List<SharedSettings> s : seen) {
      for (int i = 1; i < s.size(); i++) {
        assertTrue(s.get(i).version() > s.get(i - 1).version(), "versions only grow: " + s);
      }
    }
  }
}
