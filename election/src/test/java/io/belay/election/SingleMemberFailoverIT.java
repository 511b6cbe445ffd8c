package io.belay.election;

import static io.belay.election.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.support.Ports;
import io.belay.election.support.RedisServer;
import io.belay.routing.BackendRef;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingTable;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded default: one Belay node is its own majority and still fails over. */
class SingleMemberFailoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(SingleMemberFailoverIT.class);

  private final Vertx vertx = Vertx.vertx();
  private RedisServer master;
  private RedisServer replica1;
  private RedisServer replica2;
  private Election election;

  @AfterEach
  void tearDown() throws Exception {
    if (election != null) {
      election.close().await(20, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    for (RedisServer r : new RedisServer[] {master, replica1, replica2}) {
      if (r != null) {
        r.close();
      }
    }
  }

  @Test
  void shouldPromoteOneReplicaWhenTheMasterIsKilled() throws Exception {
    master = RedisServer.start(Ports.free(), 0);
    replica1 = RedisServer.start(Ports.free(), master.port());
    replica2 = RedisServer.start(Ports.free(), master.port());
    List<BackendRef> backends = List.of(
        new BackendRef("a", "127.0.0.1", master.port()),
        new BackendRef("b", "127.0.0.1", replica1.port()),
        new BackendRef("c", "127.0.0.1", replica2.port()));
    GroupSpec spec = GroupSpec.of("mymaster", backends, 1).withDownAfter(Duration.ofMillis(500));
    ElectionConfig config = ElectionConfig.singleMember("solo", Ports.free(), List.of(spec));
    RoutingHolder holder = new RoutingHolder("mymaster");
    List<ElectionEvent> events = new CopyOnWriteArrayList<>();
    election = Election.start(vertx, config, Map.of("mymaster", holder), List.of(events::add))
        .await(30, TimeUnit.SECONDS);

    eventually(Duration.ofSeconds(10), () -> {
      RoutingTable t = holder.current().orElseThrow();
      assertEquals(backends.get(0), t.master());
      assertTrue(t.view(backends.get(1)).orElseThrow().up());
    });
    long epochBefore = holder.epoch();

    master.kill();
    long killedAt = System.nanoTime();
    eventually(Duration.ofSeconds(15), () -> {
      RoutingTable t = holder.current().orElseThrow();
      assertNotNull(t.master());
      assertTrue(!t.master().equals(backends.get(0)));
    });
    LOG.info("failover time (kill to new table offered, single member): {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    RoutingTable after = holder.current().orElseThrow();
    assertEquals(epochBefore + 1, after.epoch());
    RedisServer promoted = after.master().id().equals("b") ? replica1 : replica2;
    RedisServer other = promoted == replica1 ? replica2 : replica1;
    assertEquals("master", promoted.role());
    eventually(Duration.ofSeconds(10),
        () -> assertEquals(promoted.address(), other.masterOf()));
    assertTrue(events.stream().anyMatch(e -> e.type() == EventType.SWITCH_MASTER));

    master.launch(0);
    eventually(Duration.ofSeconds(15), () -> {
      assertEquals(promoted.address(), master.masterOf());
      assertEquals("up", master.linkStatus());
    });
  }
}
