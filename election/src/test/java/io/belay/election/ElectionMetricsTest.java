package io.belay.election;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.routing.BackendRef;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElectionMetricsTest {

  @Test
  void shouldCountEventsTimeAttemptsAndFollowTheHeldTable() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RoutingHolder holder = new RoutingHolder("g");
    ElectionMetrics metrics = new ElectionMetrics(registry, Map.of("g", holder));
    assertEquals(-1, registry.get("belay.election.epoch").gauge().value());

    holder.offer(new RoutingTable("g", 4, new BackendRef("a", "127.0.0.1", 7001), List.of(),
        Map.of()));
    metrics.onEvent(new ElectionEvent(EventType.TRY_FAILOVER, "g", "master g", 4, Instant.now()));
    metrics.onEvent(new ElectionEvent(EventType.FAILOVER_END, "g", "master g", 4, Instant.now()));

    assertEquals(4, registry.get("belay.election.epoch").tag("group", "g").gauge().value());
    assertEquals(1, registry.get("belay.election.master.known").gauge().value());
    assertEquals(1, registry.get("belay.election.events").tag("event", "+try-failover")
        .counter().count());
    assertEquals(1, registry.get("belay.election.failover").tag("outcome", "completed")
        .timer().count());
  }

  @Test
  void shouldTimeEachStageOfACompletedAttemptOnceAndNoneOfAnAbortedOne() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ElectionMetrics metrics = new ElectionMetrics(registry, Map.of("g", new RoutingHolder("g")));
    List<String> stages = List.of("select-replica", "prepare-promotion", "promote", "reconfigure-replicas");
    for (String stage : stages) {
      assertEquals(0, registry.get("belay.election.failover.stage").tag("stage", stage).timer().count(),
          stage + " is registered before any failover");
    }
    for (EventType t : List.of(EventType.TRY_FAILOVER, EventType.ELECTED_LEADER,
        EventType.FAILOVER_STATE_SELECT_REPLICA, EventType.SELECTED_REPLICA, EventType.FAILOVER_STATE_SEND_PROMOTE,
        EventType.FAILOVER_STATE_WAIT_PROMOTION, EventType.PROMOTED_REPLICA,
        EventType.FAILOVER_STATE_RECONF_REPLICAS, EventType.REPLICA_RECONF_SENT, EventType.FAILOVER_END)) {
      metrics.onEvent(new ElectionEvent(t, "g", "master g", 5, Instant.now()));
    }
    for (String stage : stages) {
      assertEquals(1, registry.get("belay.election.failover.stage").tag("stage", stage).timer().count(), stage);
    }
    // an attempt aborted while promoting adds its earlier stages, not the one it died in
    for (EventType t : List.of(EventType.TRY_FAILOVER, EventType.SELECTED_REPLICA,
        EventType.FAILOVER_STATE_SEND_PROMOTE, EventType.FAILOVER_ABORTED)) {
      metrics.onEvent(new ElectionEvent(t, "g", "master g", 6, Instant.now()));
    }
    assertEquals(2, registry.get("belay.election.failover.stage").tag("stage", "select-replica").timer().count());
    assertEquals(2, registry.get("belay.election.failover.stage").tag("stage", "prepare-promotion").timer().count());
    assertEquals(1, registry.get("belay.election.failover.stage").tag("stage", "promote").timer().count());
    assertEquals(1, registry.get("belay.election.failover.stage").tag("stage", "reconfigure-replicas").timer().count());
  }
}
