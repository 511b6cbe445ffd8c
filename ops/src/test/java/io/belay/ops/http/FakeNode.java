package io.belay.ops.http;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * All four views of a node the ops server reads, over one mutable in-memory group table.
 * A switchover promotes the first replica, bumps the epoch and publishes +switch-master,
 * as the real failover would.
 */
final class FakeNode implements TopologyView, AdminActions, EventFeed, Readiness {

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final List<Event> recent = new CopyOnWriteArrayList<>();
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private final List<RoutingChange> routingChanges = new CopyOnWriteArrayList<>();

  volatile boolean knowsMasters = true;
  volatile boolean inMajority = true;
  /** When set, the next switchovers fail with what it supplies instead of switching. */
  volatile Supplier<Throwable> switchoverFailure;
  /** Commands answered per second, for the dashboard's chart; 0 keeps the counter still. */
  volatile long commandsPerSecond;
  private final long startNanos = System.nanoTime();

  /** A group whose first address is the master and the others its replicas. */
  synchronized FakeNode group(String name, String... addresses) {
    Group group = new Group(name);
    for (int i = 0; i < addresses.length; i++) {
      group.backends.add(new Backend(addresses[i], i == 0));
    }
    groups.put(name, group);
    return this;
  }

  synchronized void publish(Event event) {
    recent.add(event);
    listeners.forEach(listener -> listener.accept(event));
  }

  int listenerCount() {
    return listeners.size();
  }

  List<RoutingChange> routingChanges() {
    return List.copyOf(routingChanges);
  }

  @Override
  public synchronized Topology snapshot() {
    List<GroupView> views = new ArrayList<>();
    long commands = (System.nanoTime() - startNanos) / 1_000_000 * commandsPerSecond / 1000;
    for (Group group : groups.values()) {
      long masterOffset = 1_000_000 + commands * 40;
      List<BackendView> backends = new ArrayList<>();
      for (int i = 0; i < group.backends.size(); i++) {
        Backend backend = group.backends.get(i);
        // Replicas trail the master by a varying amount, so the lag chart moves.
        long lag = backend.master ? 0 : (commands * 7 * (i + 1)) % 4096;
        backends.add(new BackendView(backend.address,
            backend.master ? BackendView.Role.MASTER : BackendView.Role.REPLICA,
            BackendState.UP, masterOffset - lag, lag, backend.master ? 0 : 0.1 * i,
            backend.master ? group.backends.size() - 1 : 0, backend.master ? 2 : 0, 1));
      }
      views.add(new GroupView(group.name, group.epoch, Optional.of("node-a"),
          new GroupSettings(group.readPolicy, group.maxReplicaLag, group.consistency,
              group.durability),
          commands, backends));
    }
    return new Topology(views);
  }

  @Override
  public Future<String> switchover(String name) {
    Supplier<Throwable> failure = switchoverFailure;
    if (failure != null) {
      return Future.failedFuture(failure.get());
    }
    Event event;
    String newMaster;
    synchronized (this) {
      Group group = groups.get(name);
      if (group == null) {
        return Future.failedFuture(new AdminActionException(
            AdminActionException.Reason.UNKNOWN_GROUP, "no group " + name));
      }
      Backend oldMaster = group.backends.stream().filter(b -> b.master).findFirst().orElseThrow();
      Backend promoted = group.backends.stream().filter(b -> !b.master).findFirst().orElseThrow();
      oldMaster.master = false;
      promoted.master = true;
      group.epoch++;
      newMaster = promoted.address;
      event = new Event(Instant.now(), name, "+switch-master", name + " "
          + oldMaster.address.replace(':', ' ') + " " + promoted.address.replace(':', ' '));
    }
    publish(event);
    return Future.succeededFuture(newMaster);
  }

  @Override
  public synchronized Future<Void> updateRouting(String name, RoutingChange change) {
    routingChanges.add(change);
    Group group = groups.get(name);
    change.readPolicy().ifPresent(policy -> group.readPolicy = policy.configName());
    change.maxReplicaLag().ifPresent(lag ->
        group.maxReplicaLag = io.belay.ops.config.Values.formatDuration(lag));
    change.consistency().ifPresent(consistency -> group.consistency = consistency.configName());
    change.durability().ifPresent(durability -> group.durability = durability.toString());
    return Future.succeededFuture();
  }

  @Override
  public List<Event> recent() {
    return List.copyOf(recent);
  }

  @Override
  public Subscription subscribe(Consumer<Event> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public boolean knowsMasterForEveryGroup() {
    return knowsMasters;
  }

  @Override
  public boolean inClusterMajority() {
    return inMajority;
  }

  private static final class Group {
    final String name;
    final List<Backend> backends = new ArrayList<>();
    long epoch = 1;
    String readPolicy = "prefer-replica";
    String maxReplicaLag = "1s";
    String consistency = "eventual";
    String durability = "async";

    Group(String name) {
      this.name = name;
    }
  }

  private static final class Backend {
    final String address;
    boolean master;

    Backend(String address, boolean master) {
      this.address = address;
      this.master = master;
    }
  }
}
