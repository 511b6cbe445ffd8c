package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The classic master/replica walkthrough users follow with redis-server, step by step, with
 * three {@code belay backend} processes. Each test sets up what the previous steps built.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationWalkthroughIT {

  private static final Duration SYNC = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  private NodeProcess master;
  private NodeProcess replicaA;
  private NodeProcess replicaB;

  @BeforeEach
  void startThreeMasters() throws Exception {
    master = NodeProcess.belayBackend(tmp.resolve("m"), NodeProcess.freePort(), "--appendonly", "yes",
        "--appendfsync", "always");
    replicaA = NodeProcess.belayBackend(tmp.resolve("a"), NodeProcess.freePort(), "--save", "3600 1");
    replicaB = NodeProcess.belayBackend(tmp.resolve("b"), NodeProcess.freePort(), "--save", "3600 1");
  }

  @AfterEach
  void stop() {
    for (NodeProcess p : new NodeProcess[] {master, replicaA, replicaB}) {
      if (p != null) {
        p.close();
      }
    }
  }

  private void replicate(NodeProcess replica, NodeProcess of) throws Exception {
    try (Jedis j = Redis.connect(replica.port())) {
      assertEquals("OK", j.replicaof("127.0.0.1", of.port()));
    }
    eventually(SYNC, () -> assertEquals("up", Redis.info(replica.port(), "replication").get("master_link_status")));
  }

  private void set(NodeProcess node, String key, String value) {
    try (Jedis j = Redis.connect(node.port())) {
      assertEquals("OK", j.set(key, value));
    }
  }

  @Test
  @Order(1)
  void step1_everyBackendStartsAsAMasterWithoutReplicas() {
    for (NodeProcess p : new NodeProcess[] {master, replicaA, replicaB}) {
      Map<String, String> info = Redis.info(p.port(), "replication");
      assertEquals("master", info.get("role"));
      assertEquals("0", info.get("connected_slaves"));
    }
  }

  @Test
  @Order(2)
  void steps2to6_replicasSyncFullyThenIncrementallyAndRefuseWrites() throws Exception {
    set(master, "k1", "v1");
    replicate(replicaA, master);
    replicate(replicaB, master);
    eventually(SYNC, () -> {
      Map<String, String> info = Redis.info(master.port(), "replication");
      assertEquals("2", info.get("connected_slaves"));
      assertTrue(info.get("slave0").contains("state=online"), info.get("slave0"));
      assertTrue(info.get("slave1").contains("state=online"), info.get("slave1"));
      assertTrue(info.get("slave0").contains("offset="), info.get("slave0"));
    });
    assertEquals("v1", Redis.get(replicaA.port(), "k1"));
    assertEquals("v1", Redis.get(replicaB.port(), "k1"));
    set(master, "k2", "v2");
    eventually(SYNC, () -> assertEquals("v2", Redis.get(replicaA.port(), "k2")));
    eventually(SYNC, () -> assertEquals("v2", Redis.get(replicaB.port(), "k2")));
    try (Jedis j = Redis.connect(replicaA.port())) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("k3", "v3"));
      assertEquals("READONLY You can't write against a read only replica.", e.getMessage());
    }
  }

  @Test
  @Order(3)
  void steps7and8_replicasWaitForARestartedMasterAndFollowItAgain() throws Exception {
    replicate(replicaA, master);
    replicate(replicaB, master);
    set(master, "k1", "v1");
    shutdown(master);
    eventually(SYNC, () -> {
      for (NodeProcess r : new NodeProcess[] {replicaA, replicaB}) {
        Map<String, String> info = Redis.info(r.port(), "replication");
        assertEquals("slave", info.get("role"));
        assertEquals("down", info.get("master_link_status"));
      }
    });
    master.start();
    assertEquals("v1", Redis.get(master.port(), "k1"), "the master restarts from its append-only file");
    set(master, "k4", "v4");
    eventually(SYNC, () -> assertEquals("v4", Redis.get(replicaA.port(), "k4")));
    eventually(SYNC, () -> assertEquals("v4", Redis.get(replicaB.port(), "k4")));
  }

  @Test
  @Order(4)
  void step9_aRestartedReplicaCatchesUpThroughAPartialResync() throws Exception {
    replicate(replicaA, master);
    set(master, "k1", "v1");
    eventually(SYNC, () -> assertEquals("v1", Redis.get(replicaA.port(), "k1")));
    long partialBefore = Long.parseLong(Redis.info(master.port(), "stats").get("sync_partial_ok"));
    shutdown(replicaA);
    set(master, "k5", "v5");
    replicaA.start();
    try (Jedis j = Redis.connect(replicaA.port())) {
      j.replicaof("127.0.0.1", master.port());
    }
    eventually(SYNC, () -> assertEquals("v5", Redis.get(replicaA.port(), "k5")));
    long partialAfter = Long.parseLong(Redis.info(master.port(), "stats").get("sync_partial_ok"));
    assertEquals(partialBefore + 1, partialAfter, "the backlog covered the outage, so the resync was partial");
  }

  @Test
  @Order(5)
  void step10_chainedReplicasReceiveTheSameStream() throws Exception {
    replicate(replicaA, master);
    replicate(replicaB, replicaA);
    set(master, "chained", "yes");
    eventually(SYNC, () -> assertEquals("yes", Redis.get(replicaB.port(), "chained")));
    Map<String, String> middle = Redis.info(replicaA.port(), "replication");
    assertEquals("slave", middle.get("role"));
    assertEquals(Integer.toString(master.port()), middle.get("master_port"));
    assertEquals("1", middle.get("connected_slaves"));
  }

  @Test
  @Order(6)
  void step11_aPromotedReplicaKeepsTheDataAndItsSiblingResyncsPartially() throws Exception {
    replicate(replicaA, master);
    replicate(replicaB, master);
    set(master, "before", "failover");
    eventually(SYNC, () -> assertEquals("failover", Redis.get(replicaB.port(), "before")));
    eventually(SYNC, () -> assertEquals(Redis.info(master.port(), "replication").get("master_repl_offset"),
        Redis.info(replicaB.port(), "replication").get("slave_repl_offset")));
    master.kill9();
    try (Jedis j = Redis.connect(replicaA.port())) {
      assertEquals("OK", j.replicaofNoOne());
    }
    replicate(replicaB, replicaA);
    set(replicaA, "after", "promotion");
    eventually(SYNC, () -> assertEquals("promotion", Redis.get(replicaB.port(), "after")));
    assertEquals("failover", Redis.get(replicaB.port(), "before"));
    Map<String, String> stats = Redis.info(replicaA.port(), "stats");
    assertEquals("1", stats.get("sync_partial_ok"), "the sibling resynced partially (PSYNC2)");
    assertEquals("0", stats.get("sync_full"));
    assertNull(Redis.get(replicaA.port(), "never-written"));
  }

  private static void shutdown(NodeProcess p) throws InterruptedException {
    try (Jedis j = Redis.connect(p.port())) {
      j.shutdown();
    } catch (RuntimeException expected) {
      // the connection closes as the server stops
    }
    assertTrue(p.awaitExit(30), "SHUTDOWN stops the process");
  }
}
