package io.belay.it.failover;

import static io.belay.it.failover.FailoverChecks.KEY;
import static io.belay.it.failover.FailoverChecks.assertNoDuplicates;
import static io.belay.it.failover.FailoverChecks.assertNoneMissing;
import static io.belay.it.failover.FailoverChecks.errors;
import static io.belay.it.failover.FailoverChecks.list;
import static io.belay.it.failover.FailoverChecks.millis;
import static io.belay.it.failover.FailoverChecks.workDir;
import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.AckedWriter;
import io.belay.it.harness.Cluster;
import io.belay.it.harness.EventTap;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Failovers of a three-node Belay cluster, every part its own OS process: three
 * {@code belay node}s (each with its own proxy port for the same group), three
 * {@code belay backend}s, down-after 200 ms, quorum 2. Clients only ever use a proxy address.
 * Measured times are logged, never asserted.
 */
class ClusterFailoverIT {

  private static final Logger log = LoggerFactory.getLogger(ClusterFailoverIT.class);
  private static final Duration FAILOVER = Duration.ofSeconds(30);

  @Test
  void shouldPromoteOneReplicaWhenTheMasterIsKilledUnderLoad() throws Exception {
    try (Cluster c = Cluster.start(workDir("kill-master"))) {
      int old = c.awaitStable(FAILOVER);
      long epoch = c.epoch(0);
      AckedWriter writer = AckedWriter.start(c.proxyPort(0), KEY, 2, Duration.ofMillis(1));
      writer.awaitAcksSince(System.nanoTime(), 200, FAILOVER);

      long killed = System.nanoTime();
      c.backend(old).kill9();
      eventually(FAILOVER, () -> assertNewMaster(c, 0, old, epoch));
      long promoted = System.nanoTime();
      writer.awaitAcksSince(promoted, 100, FAILOVER);
      int master = c.awaitStable(FAILOVER);
      assertNotEquals(old, master);
      assertEquals(List.of(master), c.backendsClaimingMaster(), "one master among the backends");
      long firstAck = firstAck(writer, killed);
      log.info("kill -9 master: new master {} seen by {} after {} ms, first write acknowledged through the "
          + "same proxy {} ms after the kill; errors meanwhile: {}; {}", c.address(master), c.nodeName(0),
          millis(promoted - killed), millis(firstAck - killed), errors(writer.failuresSince(killed)), c.views());

      c.backend(old).start();
      long restarted = System.nanoTime();
      eventually(FAILOVER, () -> assertFollows(c, old, master));
      log.info("old master {} restarted and follows {} after {} ms", c.address(old), c.address(master),
          millis(System.nanoTime() - restarted));
      assertEquals(master, c.awaitStable(FAILOVER));
      writer.awaitAcksSince(System.nanoTime(), 100, FAILOVER);
      writer.stop();

      List<String> present = list(c, master);
      assertNoDuplicates(present);
      assertNoneMissing("after the promotion", writer.acksSince(promoted), present, killed);
      log.info("{} writes acknowledged, {} before the kill lost (asynchronous replication), {} after",
          writer.acks().size(), AckedWriter.missing(writer.acks(), present).size(),
          AckedWriter.missing(writer.acksSince(killed), present).size());
      eventually(FAILOVER, () -> assertEquals(present, list(c, old), "the old master's copy"));
    }
  }

  @Test
  void shouldDemoteAPausedMasterWithoutLosingWritesAcknowledgedAfterThePromotion() throws Exception {
    try (Cluster c = Cluster.start(workDir("zombie-master"))) {
      int old = c.awaitStable(FAILOVER);
      long epoch = c.epoch(0);
      AckedWriter writer = AckedWriter.start(c.proxyPort(0), KEY, 4, Duration.ofMillis(1));
      writer.awaitAcksSince(System.nanoTime(), 200, FAILOVER);

      long stopped = System.nanoTime();
      c.backend(old).pause();
      // Sent after SIGSTOP through another node's proxy: certainly in flight to the paused master.
      CompletableFuture<Optional<AckedWriter.Ack>> inFlight = CompletableFuture.supplyAsync(() -> {
        try (Jedis j = new Jedis("127.0.0.1", c.proxyPort(1), 15_000)) {
          j.rpush(KEY, "sent-to-paused-master");
          return Optional.of(new AckedWriter.Ack("sent-to-paused-master", System.nanoTime()));
        } catch (RuntimeException e) {
          log.info("the write sent to the paused master failed: {}", e.getMessage());
          return Optional.empty();
        }
      });
      for (int n = 0; n < c.nodeCount(); n++) {
        int node = n;
        eventually(FAILOVER, () -> assertNewMaster(c, node, old, epoch));
      }
      long promoted = System.nanoTime();
      // Resume well within the proxy's command timeout, so that the writes held by the paused
      // master are answered by it rather than timed out by the proxy.
      AckedWriter.Ack probe = null;
      try (Jedis j = new Jedis("127.0.0.1", c.proxyPort(2), 5_000)) {
        j.rpush(KEY, "after-promotion");
        probe = new AckedWriter.Ack("after-promotion", System.nanoTime());
      }
      c.backend(old).resume();
      long resumed = System.nanoTime();
      int master = c.awaitStable(FAILOVER);
      assertNotEquals(old, master);
      assertEquals("slave", c.replication(old).get("role"));
      assertFollows(c, old, master);
      log.info("SIGSTOP master for {} ms: every node saw {} as master {} ms after the stop; old master "
          + "demoted and following {} ms after SIGCONT; errors: {}", millis(resumed - stopped),
          c.address(master), millis(promoted - stopped), millis(System.nanoTime() - resumed),
          errors(writer.failuresSince(stopped)));
      writer.awaitAcksSince(System.nanoTime(), 100, FAILOVER);
      writer.stop();

      List<AckedWriter.Ack> acked = new ArrayList<>(writer.acks());
      Optional<AckedWriter.Ack> zombieAck = inFlight.get(30, TimeUnit.SECONDS);
      zombieAck.ifPresent(acked::add);
      acked.add(probe);
      List<String> present = list(c, master);
      assertNoDuplicates(present);
      List<AckedWriter.Ack> after = acked.stream().filter(a -> a.at() - promoted >= 0).toList();
      log.info("{} writes acknowledged ({} after the promotion); the write sent to the paused master was {}; "
          + "missing: {} acknowledged before the promotion, {} after", acked.size(), after.size(),
          zombieAck.map(a -> "acknowledged " + millis(a.at() - resumed) + " ms after SIGCONT").orElse("refused"),
          AckedWriter.missing(acked, present).size() - AckedWriter.missing(after, present).size(),
          AckedWriter.missing(after, present).size());
      assertNoneMissing("acknowledged after the promotion (times from SIGSTOP; promotion seen at "
          + millis(promoted - stopped) + " ms, SIGCONT at " + millis(resumed - stopped) + " ms)",
          after, present, stopped);
    }
  }

  /**
   * The leader is killed at two points of its failover: as it starts, and right after it
   * promoted a replica but before it reconfigured the others and published the table.
   */
  @ParameterizedTest
  @ValueSource(strings = {"+try-failover", "+promoted-slave"})
  void shouldFinishTheFailoverOnceWhenTheLeaderDiesDuringIt(String killAt) throws Exception {
    try (Cluster c = Cluster.start(workDir("kill-leader" + killAt.replace('+', '-')))) {
      int old = c.awaitStable(FAILOVER);
      int[] found = new int[1];
      eventually(FAILOVER, () -> found[0] = leader(c));
      int leader = found[0];
      int client = (leader + 1) % c.nodeCount();
      AckedWriter writer = AckedWriter.start(c.proxyPort(client), KEY, 2, Duration.ofMillis(1));
      writer.awaitAcksSince(System.nanoTime(), 200, FAILOVER);
      EventTap tap = c.tapEvents(leader);
      CompletableFuture<String> phase = tap.first(line -> line.contains(killAt));
      // a slow start may already have moved the master: only switches after the kill count
      Map<Integer, EventTap> taps = new java.util.HashMap<>();
      for (int n : c.liveNodes()) {
        taps.put(n, n == leader ? tap : c.tapEvents(n));
      }

      long killed = System.nanoTime();
      c.backend(old).kill9();
      String event = phase.get(30, TimeUnit.SECONDS);
      c.node(leader).kill9();
      long leaderKilled = System.nanoTime();
      log.info("leader {} killed {} ms after the master, at its event {}", c.nodeName(leader),
          millis(leaderKilled - killed), event);

      int master = c.awaitStable(Duration.ofSeconds(60));
      long stable = System.nanoTime();
      assertNotEquals(old, master);
      assertEquals(List.of(master), c.backendsClaimingMaster(), "one master among the backends");
      for (int n : c.liveNodes()) {
        List<JsonObject> switches = taps.get(n).lines().stream()
            .map(l -> new JsonObject(l.substring(l.indexOf('{'))))
            .filter(e -> "+switch-master".equals(e.getString("type"))).toList();
        for (JsonObject s : switches) {
          assertTrue(s.getString("message").endsWith(" " + c.address(master).replace(':', ' ')),
              c.nodeName(n) + " switched to another master on the way: " + switches);
        }
      }
      taps.values().forEach(EventTap::close);
      writer.awaitAcksSince(stable, 100, FAILOVER);
      writer.stop();
      List<String> present = list(c, master);
      assertNoDuplicates(present);
      assertNoneMissing("after the failover", writer.acksSince(stable), present, killed);
      log.info("failover finished by the survivors: master {} at epoch {}, stable {} ms after the master was "
          + "killed; first write through {} acknowledged {} ms after the kill; errors: {}", c.address(master),
          c.epoch(client), millis(stable - killed), c.nodeName(client),
          millis(firstAck(writer, killed) - killed), errors(writer.failuresSince(killed)));
    }
  }

  @Test
  void shouldSwitchOverUnderLoadWithoutErrorsOrLostWrites() throws Exception {
    try (Cluster c = Cluster.start(workDir("switchover"))) {
      int old = c.awaitStable(FAILOVER);
      AckedWriter writer = AckedWriter.start(c.proxyPort(0), KEY, 2, Duration.ofMillis(1));
      writer.awaitAcksSince(System.nanoTime(), 200, FAILOVER);

      long asked = System.nanoTime();
      HttpResponse<String> r = c.post(1, "/api/groups/" + Cluster.GROUP + "/failover", Duration.ofSeconds(60));
      long answered = System.nanoTime();
      assertEquals(200, r.statusCode(), r.body());
      String reported = new JsonObject(r.body()).getString("master");
      int master = c.awaitStable(FAILOVER);
      assertNotEquals(old, master);
      assertEquals(c.address(master), reported);
      writer.awaitAcksSince(System.nanoTime(), 100, FAILOVER);
      writer.stop();

      List<String> present = list(c, master);
      assertNoDuplicates(present);
      List<AckedWriter.Failure> failures = writer.failures();
      log.info("switchover {} -> {}: answered in {} ms; {} writes acknowledged; client errors: {}",
          c.address(old), c.address(master), millis(answered - asked), writer.acks().size(), errors(failures));
      assertNoneMissing("switchover", writer.acks(), present, asked);
      assertEquals(List.of(), failures, "client errors during a planned switchover");
      assertFollows(c, old, master);
    }
  }

  // ------------------------------------------------------------------------------------------

  private static void assertNewMaster(Cluster c, int node, int old, long epochBefore) throws Exception {
    JsonObject g = c.group(node);
    String master = g.getString("master");
    assertTrue(master != null && !master.equals(c.address(old)) && g.getLong("epoch") > epochBefore,
        c.nodeName(node) + " still at " + g.encode());
  }

  private static void assertFollows(Cluster c, int replica, int master) {
    Map<String, String> info = c.replication(replica);
    assertEquals("slave", info.get("role"), c.address(replica) + ": " + info);
    assertEquals(Integer.toString(c.backendPort(master)), info.get("master_port"), c.address(replica) + ": " + info);
    assertEquals("up", info.get("master_link_status"), c.address(replica) + ": " + info);
  }

  /**
   * When the first write after the outage was acknowledged: the first after the first error
   * that followed {@code since} (replies already on their way when the master died are not a
   * recovery), or simply the first after {@code since} when no write failed.
   */
  private static long firstAck(AckedWriter writer, long since) {
    long from = writer.failuresSince(since).stream().mapToLong(AckedWriter.Failure::at).min().orElse(since);
    return writer.acksSince(from).stream().mapToLong(AckedWriter.Ack::at).min().orElseThrow();
  }

  /** The one running node that names itself leader. */
  private static int leader(Cluster c) throws Exception {
    List<Integer> leaders = new ArrayList<>();
    for (int n : c.liveNodes()) {
      if (c.leads(n)) {
        leaders.add(n);
      }
    }
    assertEquals(1, leaders.size(), "nodes naming themselves leader: " + leaders + "; " + c.views());
    return leaders.get(0);
  }
}
