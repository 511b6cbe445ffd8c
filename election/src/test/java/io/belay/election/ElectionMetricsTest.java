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
}
