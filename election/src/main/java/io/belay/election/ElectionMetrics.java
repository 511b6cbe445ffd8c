package io.belay.election;

import io.belay.routing.RoutingHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The election's meters, fed by its events; register it as a listener when starting the
 * election. Tag values come from configuration (group names) and from {@link EventType}, never
 * from anything a client sends.
 *
 * <ul>
 *   <li>{@code belay.election.events{group,event}}: events seen, by Sentinel name;
 *   <li>{@code belay.election.epoch{group}}: the epoch of the table this node's proxy holds;
 *   <li>{@code belay.election.master.known{group}}: 1 while that table names a master;
 *   <li>{@code belay.election.failover{group,outcome}}: how long the attempts this node ran
 *       took, from {@code +try-failover} to {@code +failover-end} or an abort.
 * </ul>
 */
public final class ElectionMetrics implements ElectionEvents {

  private final MeterRegistry registry;
  private final Map<String, Long> attemptStarted = new ConcurrentHashMap<>();

  public ElectionMetrics(MeterRegistry registry, Map<String, RoutingHolder> holders) {
    this.registry = registry;
    holders.forEach((group, holder) -> {
      Gauge.builder("belay.election.epoch", holder, RoutingHolder::epoch)
          .tag("group", group)
          .description("epoch of the routing table this node offers its proxy")
          .register(registry);
      Gauge.builder("belay.election.master.known", holder,
              h -> h.current().map(t -> t.hasMaster() ? 1.0 : 0.0).orElse(0.0))
          .tag("group", group)
          .description("1 while the routing table names a master, 0 while writes are held")
          .register(registry);
    });
  }

  @Override
  public void onEvent(ElectionEvent event) {
    Counter.builder("belay.election.events")
        .tag("group", event.group())
        .tag("event", event.type().text())
        .register(registry)
        .increment();
    switch (event.type()) {
      case TRY_FAILOVER:
        attemptStarted.put(event.group(), System.nanoTime());
        break;
      case FAILOVER_END:
        finish(event.group(), "completed");
        break;
      case FAILOVER_ABORTED:
      case NO_GOOD_REPLICA:
      case DATA_LOSS_TOO_HIGH:
        finish(event.group(), "aborted");
        break;
      default:
        break;
    }
  }

  private void finish(String group, String outcome) {
    Long started = attemptStarted.remove(group);
    if (started != null) {
      Timer.builder("belay.election.failover")
          .tag("group", group)
          .tag("outcome", outcome)
          .description("duration of failover attempts this node ran")
          .register(registry)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }
}
