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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.AckedWriter;
import io.belay.it.harness.Cluster;
import io.belay.it.harness.EventTap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of three cut off from the other two: its Hazelcast traffic passes through relays
 * the test silences (the processes keep running, and its proxy and probes still reach every
 * backend). It must stop taking writes once its lease ends, and must not promote anything
 * when the master then dies, while the other two fail over.
 */
class IsolatedNodeFailoverIT {

  private static final Logger log = LoggerFactory.getLogger(IsolatedNodeFailoverIT.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> DECISIONS = List.of("+try-failover", "+elected-leader", "+selected-slave",
      "+promoted-slave", "+failover-end", "+switch-master");

  @Test
  void shouldNeitherPromoteNorTakeWritesWhenCutOffFromTheOtherNodes() throws Exception {
    try (Cluster c = Cluster.start(workDir("isolated-node"), Cluster.Settings.defaults().withRelays())) {
      int old = c.awaitStable(WAIT);
      long epoch = c.epoch(0);
      // the leader: the node that would run a failover, were it allowed to
      int[] found = new int[1];
      eventually(WAIT, () -> found[0] = leader(c));
      int alone = found[0];
      List<Integer> majority = new ArrayList<>(c.liveNodes());
      majority.remove(Integer.valueOf(alone));
      AckedWriter viaAlone = AckedWriter.start(c.proxyPort(alone), KEY, 1, Duration.ofMillis(2));
      AckedWriter viaMajority = AckedWriter.start(c.proxyPort(majority.get(0)), KEY, 1, Duration.ofMillis(2));
      viaAlone.awaitAcksSince(System.nanoTime(), 100, WAIT);
      viaMajority.awaitAcksSince(System.nanoTime(), 100, WAIT);

      try (EventTap events = c.tapEvents(alone)) {
        long cut = System.nanoTime();
        c.isolate(alone);
        eventually(WAIT, () -> assertFalse(viaAlone.failuresSince(cut).isEmpty(),
            c.nodeName(alone) + " still takes writes"));
        long refused = viaAlone.failuresSince(cut).stream().mapToLong(AckedWriter.Failure::at).min().orElseThrow();
        eventually(WAIT, () -> assertFalse(c.ready(alone), c.nodeName(alone) + " still says it is ready"));
        viaMajority.awaitAcksSince(System.nanoTime(), 50, WAIT);
        log.info("{} cut off: its proxy refused its first write {} ms later ({}); the majority's proxy kept "
            + "taking writes", c.nodeName(alone), millis(refused - cut), errors(viaAlone.failuresSince(cut)));

        long killed = System.nanoTime();
        c.backend(old).kill9();
        int master = c.awaitStable(WAIT, majority);
        long promoted = System.nanoTime();
        assertNotEquals(old, master);
        viaMajority.awaitAcksSince(promoted, 50, WAIT);
        // give the isolated node every chance to do something wrong
        Thread.sleep(2_000);
        assertEquals(List.of(master), c.backendsClaimingMaster(), "one master among the backends");
        List<String> decided = events.lines().stream().filter(l -> DECISIONS.stream().anyMatch(l::contains)).toList();
        assertEquals(List.of(), decided, c.nodeName(alone) + " took part in a failover while cut off");
        assertEquals(List.of(), viaAlone.acksSince(refused).stream().map(AckedWriter.Ack::value).toList(),
            "writes the isolated node's proxy acknowledged after it first refused one");
        assertFalse(c.ready(alone));
        log.info("master killed while {} was cut off: the majority promoted {} in {} ms; {} promoted nothing "
            + "and acknowledged no write; its errors meanwhile: {}", c.nodeName(alone), c.address(master),
            millis(promoted - killed), c.nodeName(alone), errors(viaAlone.failuresSince(refused)));

        long healed = System.nanoTime();
        c.heal();
        try {
          assertEquals(master, c.awaitStable(Duration.ofSeconds(60)));
          viaAlone.awaitAcksSince(System.nanoTime(), 50, WAIT);
        } catch (AssertionError e) {
          for (int n : c.liveNodes()) {
            log.error("{} after the heal: {} {}", c.nodeName(n), c.get(n, "/health/ready").body(),
                c.group(n).encode());
          }
          throw e;
        }
        log.info("healed: {} follows {} again and its proxy takes writes, {} ms after the heal; epoch {} -> {}",
            c.nodeName(alone), c.address(master), millis(System.nanoTime() - healed), epoch, c.epoch(alone));
        // readiness follows membership events, which may reach the node just after the new table
        eventually(Duration.ofSeconds(5), () -> assertTrue(c.ready(alone), c.nodeName(alone) + " is not ready"));

        viaAlone.stop();
        viaMajority.stop();
        List<String> present = list(c, master);
        assertNoDuplicates(present);
        assertNoneMissing("through the majority after the promotion", viaMajority.acksSince(promoted), present,
            killed);
        assertNoneMissing("through the isolated node after the heal", viaAlone.acksSince(healed), present, healed);
      }
    }
  }

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
