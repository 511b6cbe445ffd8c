package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.time.Duration;
import java.util.Map;
import redis.clients.jedis.Jedis;

/** Steps the replication tests share: attach a replica, wait for it to catch up, read counters. */
final class Sync {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Sync() {
  }

  /** {@code REPLICAOF} the master, then waits for the link to be up. */
  static void follow(NodeProcess replica, NodeProcess master) throws Exception {
    try (Jedis j = Redis.connect(replica.port())) {
      j.replicaof("127.0.0.1", master.port());
    }
    awaitLinkUp(replica, TIMEOUT);
  }

  static void awaitLinkUp(NodeProcess replica, Duration timeout) throws Exception {
    eventually(timeout, () -> assertEquals("up", Redis.info(replica.port(), "replication").get("master_link_status")));
  }

  /**
   * Waits until every replica has applied the master's whole stream: its link is up and its
   * offset is the master's. Writes must have stopped.
   */
  static void awaitInSync(NodeProcess master, Duration timeout, NodeProcess... replicas) throws Exception {
    eventually(timeout, () -> {
      String offset = Redis.info(master.port(), "replication").get("master_repl_offset");
      for (NodeProcess r : replicas) {
        Map<String, String> info = Redis.info(r.port(), "replication");
        assertEquals("up", info.get("master_link_status"), "replica on port " + r.port());
        assertEquals(offset, info.get("slave_repl_offset"), "offset of the replica on port " + r.port());
      }
    });
  }

  static void awaitInSync(NodeProcess master, NodeProcess... replicas) throws Exception {
    awaitInSync(master, TIMEOUT, replicas);
  }

  /** Waits for the replicas to catch up, then compares their whole datasets with the master's. */
  static void assertIdentical(NodeProcess master, NodeProcess... replicas) throws Exception {
    awaitInSync(master, replicas);
    Dataset expected = Dataset.of(master.port());
    for (NodeProcess r : replicas) {
      Dataset.assertSame(expected, Dataset.of(r.port()), "the dataset of the replica on port " + r.port());
    }
  }

  /** A counter of {@code INFO stats}, such as sync_full. */
  static long stat(NodeProcess node, String field) {
    return Long.parseLong(Redis.info(node.port(), "stats").get(field));
  }

  /** {@code SHUTDOWN}, which saves when save rules are set, and waits for the process to exit. */
  static void shutdown(NodeProcess p) throws InterruptedException {
    try (Jedis j = Redis.connect(p.port())) {
      j.shutdown();
    } catch (RuntimeException expected) {
      // the connection closes as the server stops
    }
    assertTrue(p.awaitExit(30), "SHUTDOWN stops the process");
  }
}
