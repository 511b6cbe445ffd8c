package io.belay.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's meters for one group, registered on an injected registry. Every tag value comes
 * from the command table or from fixed sets below, never from what a client sent, so the number
 * of series stays bounded whatever clients do.
 *
 * <ul>
 *   <li>{@code belay.proxy.commands} counter: {@code group}, {@code family} (the command table's
 *       group, {@code unknown} for commands the table lacks), {@code route}
 *   <li>{@code belay.proxy.command.latency} timer with percentiles: {@code group}, {@code route};
 *       from the command's arrival to its reply
 *   <li>{@code belay.proxy.errors} counter: {@code group}, {@code type}
 *   <li>{@code belay.proxy.clients} gauge, {@code belay.proxy.clients.accepted} and
 *       {@code belay.proxy.clients.rejected} counters
 *   <li>{@code belay.proxy.bytes.in}, {@code belay.proxy.bytes.out} counters (client side)
 * </ul>
 *
 * <p>Thread-safe; every method is cheap enough for an event loop.
 */
public final class ProxyMetrics {

  /** Where a command was answered. */
  public enum Route {
    /** A backend over the network, in its master role. */
    MASTER,
    /** A backend over the network, in its replica role. */
    REPLICA,
    /** A backend embedded in this JVM. */
    IN_PROCESS,
    /** The proxy itself. */
    LOCAL;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** What went wrong; a fixed set so that error tags stay bounded. */
  public enum ErrorType {
    /** The backend answered with an error reply. */
    REPLY,
    /** The backend could not be reached, or its connection was lost with the command. */
    BACKEND_UNAVAILABLE,
    /** The backend did not reply within the command timeout. */
    TIMEOUT,
    /** No master during a failover, after the hold. */
    MASTER_DOWN,
    /** {@code replica-ack:N} not reached. */
    NO_REPLICAS,
    /** Malformed client input. */
    PROTOCOL,
    /** {@code -NOAUTH}, {@code -WRONGPASS}. */
    AUTH,
    /** Disconnected for exceeding the output buffer limit. */
    OUTPUT_BUFFER;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final MeterRegistry registry;
  private final String group;
  /** Command counters by family, then by route (its ordinal): no key is built per command. */
  private final Map<String, Counter[]> commands = new ConcurrentHashMap<>();
  private final Counter[] unknownCommands = new Counter[Route.values().length];
  private final Map<Route, Timer> latency = new EnumMap<>(Route.class);
  private final Map<ErrorType, Counter> errors = new EnumMap<>(ErrorType.class);
  private final AtomicInteger clients = new AtomicInteger();
  private final Counter accepted;
  private final Counter rejected;
  private final Counter bytesIn;
  private final Counter bytesOut;

  public ProxyMetrics(MeterRegistry registry, String group) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.group = Objects.requireNonNull(group, "group");
    for (Route route : Route.values()) {
      latency.put(route, Timer.builder("belay.proxy.command.latency")
          .description("Time from a command's arrival to its reply")
          .tags("group", group, "route", route.tag())
          .publishPercentiles(0.5, 0.95, 0.99)
          .distributionStatisticExpiry(Duration.ofMinutes(1))
          .register(registry));
    }
    for (ErrorType type : ErrorType.values()) {
      errors.put(type, Counter.builder("belay.proxy.errors")
          .description("Errors answered to clients, by cause")
          .tags("group", group, "type", type.tag())
          .register(registry));
    }
    Gauge.builder("belay.proxy.clients", clients, AtomicInteger::get)
        .description("Connected clients").tags("group", group).register(registry);
    accepted = Counter.builder("belay.proxy.clients.accepted").tags("group", group)
        .description("Client connections accepted").register(registry);
    rejected = Counter.builder("belay.proxy.clients.rejected").tags("group", group)
        .description("Client connections refused over maxclients").register(registry);
    bytesIn = Counter.builder("belay.proxy.bytes.in").baseUnit("bytes").tags("group", group)
        .description("Bytes received from clients").register(registry);
    bytesOut = Counter.builder("belay.proxy.bytes.out").baseUnit("bytes").tags("group", group)
        .description("Bytes sent to clients").register(registry);
  }

  /** Metrics kept in a private registry, for tests and tools that do not export them. */
  public static ProxyMetrics unexported(String group) {
    return new ProxyMetrics(new SimpleMeterRegistry(), group);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Records one answered command.
   *
   * @param family the command table's group of the command, or {@code null} when unknown
   */
  public void command(String family, Route route, long nanos) {
    Counter[] byRoute = family == null ? unknownCommands : commands.get(family);
    if (byRoute == null) {
      byRoute = commands.computeIfAbsent(family, k -> new Counter[Route.values().length]);
    }
    Counter counter = byRoute[route.ordinal()];
    if (counter == null) {
      // Registering is idempotent: two event loops racing here get the same counter.
      String tag = family == null ? "unknown" : family;
      counter = Counter.builder("belay.proxy.commands")
          .description("Commands answered, by command family and route")
          .tags("group", group, "family", tag, "route", route.tag())
          .register(registry);
      byRoute[route.ordinal()] = counter;
    }
    counter.increment();
    latency.get(route).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void error(ErrorType type) {
    errors.get(type).increment();
  }

  public void clientConnected() {
    accepted.increment();
    clients.incrementAndGet();
  }

  public void clientDisconnected() {
    clients.decrementAndGet();
  }

  public void clientRejected() {
    rejected.increment();
  }

  public void bytesIn(long bytes) {
    bytesIn.increment(bytes);
  }

  public void bytesOut(long bytes) {
    bytesOut.increment(bytes);
  }

  /** Connected clients now. */
  public int connectedClients() {
    return clients.get();
  }
}
