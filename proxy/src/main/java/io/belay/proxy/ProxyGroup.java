package io.belay.proxy;

import io.belay.routing.BackendRef;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.belay.routing.Spread;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * One master/replica group as its proxy sees it: where the traffic goes ({@link RoutingHolder},
 * owned by the caller and fed by election), how it is routed ({@link RoutingSettings}, swappable
 * at runtime), the fixed {@link ProxyOptions}, the metrics, and the backends embedded in this JVM.
 * Hand it to {@link ProxyServer#start}.
 *
 * <p>Thread-safe: settings and registrations may change from any thread while the proxy runs;
 * each command reads the values current when it is routed.
 */
public final class ProxyGroup {

  private final RoutingHolder holder;
  private final ProxyOptions options;
  private final ProxyMetrics metrics;
  private final AtomicReference<RoutingSettings> settings;
  private final Spread spread = Spread.roundRobin();
  private final Map<String, InProcessBackend> inProcess = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Runnable> tableListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<BiConsumer<String, String>> eventListeners = new CopyOnWriteArrayList<>();
  private volatile SentinelApi sentinel = SentinelApi.NONE;

  public ProxyGroup(RoutingHolder holder, RoutingSettings settings, ProxyOptions options,
      ProxyMetrics metrics) {
    this.holder = Objects.requireNonNull(holder, "holder");
    this.settings = new AtomicReference<>(Objects.requireNonNull(settings, "settings"));
    this.options = Objects.requireNonNull(options, "options");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Answers SENTINEL commands on this group's port (the election's view). */
  public void setSentinel(SentinelApi sentinel) {
    this.sentinel = Objects.requireNonNull(sentinel, "sentinel");
  }

  public SentinelApi sentinel() {
    return sentinel;
  }

  public String name() {
    return holder.group();
  }

  public RoutingHolder holder() {
    return holder;
  }

  public ProxyOptions options() {
    return options;
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  /** The group's spread: round-robin turns shared by all of its sessions. */
  public Spread spread() {
    return spread;
  }

  public RoutingSettings settings() {
    return settings.get();
  }

  /** Swaps the routing settings; each command routed after this returns uses them. */
  public void updateSettings(RoutingSettings newSettings) {
    settings.set(Objects.requireNonNull(newSettings, "newSettings"));
  }

  /**
   * Routes commands for the backend at {@code address} ({@code host:port}, as
   * {@link BackendRef#address()} prints it) to {@code backend} instead of a socket. Connections
   * opened from now on use it.
   */
  public void registerInProcess(String address, InProcessBackend backend) {
    inProcess.put(Objects.requireNonNull(address, "address"),
        Objects.requireNonNull(backend, "backend"));
  }

  public void unregisterInProcess(String address) {
    inProcess.remove(address);
  }

  /** The embedded backend for {@code backend}, if one is registered. */
  public Optional<InProcessBackend> inProcess(BackendRef backend) {
    return Optional.ofNullable(inProcess.get(backend.address()));
  }

  /**
   * Tells the running proxy that the holder may hold a new table, so that held writes go to a
   * new master and subscriptions move at once instead of at the next poll. Cheap; call it from
   * any thread after {@link RoutingHolder#offer} returned true.
   */
  public void tableChanged() {
    for (Runnable listener : tableListeners) {
      listener.run();
    }
  }

  /**
   * Publishes a Sentinel event to this proxy's own clients, as redis-sentinel publishes its
   * events: {@code message} on {@code channel} (the event type, e.g. {@code +switch-master}) to
   * every client subscribed to that channel or to a pattern matching it. Sentinel-aware clients
   * (Lettuce's MasterReplica, Jedis's sentinel pool) learn of a new master this way. The message
   * never reaches the backends. Cheap and non-blocking; call it from any thread.
   */
  public void publishEvent(String channel, String message) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(message, "message");
    for (BiConsumer<String, String> listener : eventListeners) {
      listener.accept(channel, message);
    }
  }

  void addEventListener(BiConsumer<String, String> listener) {
    eventListeners.add(listener);
  }

  void removeEventListener(BiConsumer<String, String> listener) {
    eventListeners.remove(listener);
  }

  void addTableListener(Runnable listener) {
    tableListeners.add(listener);
  }

  void removeTableListener(Runnable listener) {
    tableListeners.remove(listener);
  }
}
