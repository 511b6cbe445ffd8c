package io.belay.election;

import static io.belay.election.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.sentinel.MasterInfo;
import io.belay.election.sentinel.QuorumCheck;
import io.belay.election.sentinel.ReplicaInfo;
import io.belay.election.sentinel.SentinelInfo;
import io.belay.election.support.RedisServer;
import io.belay.routing.BackendRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Planned switchover and the Sentinel-compatible views, on three nodes. */
class SwitchoverIT {

  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldSwitchOverWithoutLosingWritesWhenAskedOnAnyNode() throws Exception {
    cluster = new TestCluster(3, Duration.ofMillis(500));
    BackendRef oldMaster = cluster.backends.get(0);
    long epoch = cluster.awaitAgreement(oldMaster);
    try (Jedis j = cluster.master().jedis()) {
      for (int i = 0; i < 500; i++) {
        j.set("k" + i, "v" + i);
      }
    }
    TestCluster.Node asker = cluster.nodes.stream().filter(n -> !n.leading()).findFirst()
        .orElseThrow();

    asker.election.switchover(TestCluster.GROUP).await(60, TimeUnit.SECONDS);

    eventually(Duration.ofSeconds(10), () -> {
      for (TestCluster.Node n : cluster.nodes) {
        assertNotEquals(oldMaster, n.table().master(), n.name);
        assertEquals(epoch + 2, n.table().epoch(), n.name + ": held table, then the promotion");
      }
    });
    BackendRef newMaster = cluster.nodes.get(0).table().master();
    RedisServer promoted = cluster.redisOf(newMaster);
    assertEquals("master", promoted.role());
    try (Jedis j = promoted.jedis()) {
      assertEquals("v499", j.get("k499"), "every write acknowledged before the switch is there");
      assertEquals(500, j.dbSize());
    }
    eventually(Duration.ofSeconds(10), () -> {
      for (RedisServer r : cluster.redis) {
        if (r != promoted) {
          assertEquals(promoted.address(), r.masterOf());
          assertEquals("up", r.linkStatus());
        }
      }
    });
    long held = cluster.nodes.stream().mapToLong(n -> n.count(EventType.WRITES_HELD)).sum();
    assertEquals(1, held);
    for (TestCluster.Node n : cluster.nodes) {
      assertEquals(1, n.count(EventType.SWITCH_MASTER), n.name);
    }
  }

  @Test
  void shouldAnswerSentinelQuestionsAndForceAFailoverOnRequest() throws Exception {
    cluster = new TestCluster(3, Duration.ofMillis(500));
    BackendRef oldMaster = cluster.backends.get(0);
    long epoch = cluster.awaitAgreement(oldMaster);
    Election e = cluster.nodes.get(1).election;

    assertEquals(Optional.of(oldMaster),
        e.masterAddress(TestCluster.GROUP).await(5, TimeUnit.SECONDS));
    MasterInfo master = e.master(TestCluster.GROUP).await(5, TimeUnit.SECONDS);
    assertEquals("master", master.flags());
    assertEquals(oldMaster.port(), master.port());
    assertEquals(2, master.numOtherSentinels());
    assertEquals("master", master.fields().get("role-reported"));
    List<ReplicaInfo> replicas = e.replicas(TestCluster.GROUP).await(5, TimeUnit.SECONDS);
    assertEquals(2, replicas.size());
    assertTrue(replicas.stream().allMatch(r -> r.flags().equals("slave")
        && r.masterPort() == oldMaster.port() && r.masterLinkStatus().equals("ok")));
    List<SentinelInfo> sentinels = e.sentinels(TestCluster.GROUP).await(5, TimeUnit.SECONDS);
    assertEquals(2, sentinels.size());
    assertEquals(1, sentinels.stream().filter(SentinelInfo::leader).count());
    QuorumCheck quorum = e.ckquorum(TestCluster.GROUP).await(5, TimeUnit.SECONDS);
    assertTrue(quorum.ok(), quorum.reply());
    assertEquals(1, e.masters().await(5, TimeUnit.SECONDS).size());
    assertEquals(1, e.reset("my*").await(5, TimeUnit.SECONDS));

    e.failover(TestCluster.GROUP).await(60, TimeUnit.SECONDS);

    eventually(Duration.ofSeconds(10), () -> {
      for (TestCluster.Node n : cluster.nodes) {
        assertNotEquals(oldMaster, n.table().master(), n.name);
        assertEquals(epoch + 1, n.table().epoch(), n.name);
      }
    });
    RedisServer promoted = cluster.redisOf(cluster.nodes.get(0).table().master());
    eventually(Duration.ofSeconds(10),
        () -> assertEquals(promoted.address(), cluster.master().masterOf()));
    assertEquals(Optional.of(cluster.nodes.get(0).table().master()),
        e.masterAddress(TestCluster.GROUP).await(5, TimeUnit.SECONDS));
  }
}
