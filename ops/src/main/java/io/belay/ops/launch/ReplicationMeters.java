package io.belay.ops.launch;

import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.HostPort;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendView;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Each configured backend's replication lag as this node's routing table sees it (the numbers
 * the proxy judges {@code max-replica-lag} by): {@code belay.replication.lag{group,backend}} in
 * bytes behind the master's offset and {@code belay.replication.lag.time{group,backend}} in
 * seconds since the replica last acknowledged. The master reads 0; a backend the table does not
 * know, or whose lag is unknown, reads NaN rather than a reassuring 0.
 */
final class ReplicationMeters {

  private ReplicationMeters() {
  }

  static void register(MeterRegistry registry, GroupConfig group, RoutingHolder holder) {
    for (HostPort hp : group.backends()) {
      BackendRef ref = Translate.ref(hp);
      Gauge.builder("belay.replication.lag", holder, h -> value(h, ref, BackendView::lagBytes, 1))
          .tags("group", group.name(), "backend", ref.address())
          .baseUnit("bytes")
          .description("bytes the backend's replication offset is behind its master's")
          .register(registry);
      Gauge.builder("belay.replication.lag.time", holder, h -> value(h, ref, BackendView::lagMillis, 1e-3))
          .tags("group", group.name(), "backend", ref.address())
          .baseUnit("seconds")
          .description("seconds since the replica's offset was last acknowledged, while it is behind")
          .register(registry);
    }
  }

  private static double value(RoutingHolder holder, BackendRef ref,
      java.util.function.Function<BackendView, OptionalLong> field, double scale) {
    Optional<RoutingTable> table = holder.current();
    if (table.isEmpty()) {
      return Double.NaN;
    }
    OptionalLong v = table.get().view(ref).map(field).orElse(OptionalLong.empty());
    return v.isPresent() ? v.getAsLong() * scale : Double.NaN;
  }
}
