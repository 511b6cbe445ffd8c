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
 *       took, from {@code +try-failover} to {@code +failover-end} or an abort;
 *   <li>{@code belay.election.failover.stage{group,stage}}: how long each stage that this node's
 *       attempts finished took (an aborted attempt adds the stages before the abort): {@code select-replica} (from {@code +try-failover} to
 *       {@code +selected-slave}), {@code prepare-promotion} (writes held and caught up on a
 *       switchover, the lease of a lost node waited out, the majority confirmed),
 *       {@code promote} (to {@code +promoted-slave}) and {@code reconfigure-replicas} (the
 *       replicas ordered to follow and the table published, to {@code +failover-end}).
 * </ul>
 */
public final class ElectionMetrics implements ElectionEvents {

  private final MeterRegistry registry;
  private final Map<String, Long> attemptStarted = new ConcurrentHashMap<>();
  private final Map<String, OpenStage> stages = new ConcurrentHashMap<>();

  /** The stages of a failover as its events mark them, in order; each opens with its event. */
  enum Stage {
    SELECT_REPLICA("select-replica", EventType.TRY_FAILOVER),
    PREPARE_PROMOTION("prepare-promotion", EventType.SELECTED_REPLICA),
    PROMOTE("promote", EventType.FAILOVER_STATE_SEND_PROMOTE),
    RECONFIGURE_REPLICAS("reconfigure-replicas", EventType.PROMOTED_REPLICA);

    final String tag;
    final EventType opensWith;

    Stage(String tag, EventType opensWith) {
      this.tag = tag;
      this.opensWith = opensWith;
    }

    static Stage openedBy(EventType type) {
      for (Stage s : values()) {
        if (s.opensWith == type) {
          return s;
        }
      }
      return null;
    }
  }

  private record OpenStage(Stage stage, long startedNanos) {
  }

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
      // present before the first failover, so that dashboards and alerts find the series
      for (Stage stage : Stage.values()) {
        stageTimer(group, stage);
      }
    });
  }

  @Override
  public void onEvent(ElectionEvent event) {
    Counter.builder("belay.election.events")
        .tag("group", event.group())
        .tag("event", event.type().text())
        .description("election events seen, by their Sentinel name")
        .register(registry)
        .increment();
    stage(event);
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

  private void stage(ElectionEvent event) {
    Stage opened = Stage.openedBy(event.type());
    boolean ends = event.type() == EventType.FAILOVER_END;
    boolean aborted = event.type() == EventType.FAILOVER_ABORTED
        || event.type() == EventType.NO_GOOD_REPLICA || event.type() == EventType.DATA_LOSS_TOO_HIGH;
    if (opened == null && !ends && !aborted) {
      return;
    }
    long now = System.nanoTime();
    OpenStage closing = opened == null ? stages.remove(event.group())
        : stages.put(event.group(), new OpenStage(opened, now));
    if (closing != null && !aborted && (opened == null || opened.ordinal() > closing.stage().ordinal())) {
      stageTimer(event.group(), closing.stage()).record(now - closing.startedNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private Timer stageTimer(String group, Stage stage) {
    return Timer.builder("belay.election.failover.stage")
        .tag("group", group)
        .tag("stage", stage.tag)
        .description("duration of each stage of the failover attempts this node ran")
        .register(registry);
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
