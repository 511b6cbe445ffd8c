package io.belay.proxy.impl;

import io.belay.protocol.command.CommandTable;
import io.belay.proxy.ProxyGroup;
import io.belay.proxy.ProxyMetrics;
import io.belay.proxy.ProxyOptions;
import io.belay.routing.BatchClassifier;
import io.belay.routing.CommandClassifier;
import io.belay.routing.RoutingTable;
import io.vertx.core.Context;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one event loop's sessions share: the backend pool, the classifiers, and a periodic check
 * that expires command timeouts, wakes commands held for a master, moves subscriptions to a new
 * master and closes idle clients. Confined to its event loop.
 */
final class LoopContext {

  /** Idle clients are looked for at most this often: Redis's own timeout has second granularity. */
  private static final long IDLE_CHECK_NANOS = 1_000_000_000L;

  private final ProxyGroup group;
  private final ServerState server;
  private final Context context;
  private final BackendPool pool;
  private final NetClient client;
  private final CommandTable commands = CommandTable.redis7();
  private final BatchClassifier batchClassifier = new BatchClassifier(new CommandClassifier());
  private final Set<Session> sessions = new LinkedHashSet<>();
  private final Set<Session> waitingForMaster = new LinkedHashSet<>();
  private final Set<Session> resubscribing = new LinkedHashSet<>();
  private RoutingTable lastTable;
  private long lastIdleCheck = System.nanoTime();

  LoopContext(ProxyGroup group, ServerState server, Context context, NetClient client) {
    this.group = group;
    this.server = server;
    this.context = context;
    this.client = client;
    this.pool = new BackendPool(new Connector(group, client, context), group.options());
    this.lastTable = table();
  }

  ProxyGroup group() {
    return group;
  }

  ServerState server() {
    return server;
  }

  ProxyOptions options() {
    return group.options();
  }

  ProxyMetrics metrics() {
    return group.metrics();
  }

  Context context() {
    return context;
  }

  BackendPool pool() {
    return pool;
  }

  /** For connections outside the pool: a replica's tunnel to the master. */
  NetClient netClient() {
    return client;
  }

  CommandTable commands() {
    return commands;
  }

  BatchClassifier batchClassifier() {
    return batchClassifier;
  }

  /** The routing table now, or {@code null} before the first one. */
  RoutingTable table() {
    return group.holder().current().orElse(null);
  }

  void add(Session session) {
    sessions.add(session);
  }

  void remove(Session session) {
    if (sessions.remove(session)) {
      waitingForMaster.remove(session);
      resubscribing.remove(session);
      server.clientGone();
    }
  }

  /** The session has a command held for a master; it is retried on every check. */
  void waitForMaster(Session session) {
    waitingForMaster.add(session);
  }

  /** The session lost its subscription connection; it subscribes again on every check. */
  void resubscribeLater(Session session) {
    resubscribing.add(session);
  }

  /** Called from any thread: a Sentinel event for the sessions subscribed to it. */
  void publishEventAsync(String channel, String message) {
    context.runOnContext(v -> {
      for (Session session : new ArrayList<>(sessions)) {
        session.dispatcher().subscriber().deliverEvent(channel, message);
      }
    });
  }

  /** Called from any thread when the holder may have a new table. */
  void tableChangedAsync() {
    context.runOnContext(v -> checkTable());
  }

  void tick() {
    long now = System.nanoTime();
    pool.checkTimeouts(now);
    checkTable();
    if (!resubscribing.isEmpty()) {
      RoutingTable table = table();
      resubscribing.removeIf(s -> s.dispatcher().subscriber().resubscribe(table));
    }
    long idleTimeout = options().idleTimeout().toNanos();
    if (idleTimeout > 0 && now - lastIdleCheck >= Math.min(IDLE_CHECK_NANOS, idleTimeout)) {
      lastIdleCheck = now;
      for (Session session : new ArrayList<>(sessions)) {
        session.closeIfIdle(now, idleTimeout);
      }
    }
  }

  private void checkTable() {
    RoutingTable table = table();
    if (table != lastTable) {
      boolean masterChanged = lastTable == null || table == null
          || !java.util.Objects.equals(lastTable.master(), table.master());
      if (masterChanged && table != null) {
        abandonDeposed(lastTable, table);
      }
      lastTable = table;
      if (table != null) {
        pool.retain(addresses(table));
      }
      if (masterChanged) {
        for (Session session : new ArrayList<>(sessions)) {
          session.masterChanged(table);
        }
      }
      if (masterChanged && table != null && table.hasMaster()) {
        for (Session session : new ArrayList<>(sessions)) {
          if (!session.dispatcher().subscriber().resubscribe(table)) {
            resubscribing.add(session);
          }
        }
      }
    }
    wakeHeld();
  }

  /**
   * Commands still in flight on a master that the new table replaced and sees down (killed,
   * paused, cut off) get an error now instead of waiting out the command timeout. A master
   * replaced while up (a planned switchover) answers what it has; nothing is cut short there.
   */
  private void abandonDeposed(RoutingTable before, RoutingTable now) {
    if (before == null || !before.hasMaster()) {
      return;
    }
    io.belay.routing.BackendRef deposed = before.master();
    boolean down = now.view(deposed).map(v -> !v.up()).orElse(false);
    if (down && !deposed.equals(now.master())) {
      pool.abandon(deposed, "TRYAGAIN the master was replaced while this command was in flight on "
          + deposed.address() + ", which is down; it may or may not have run (epoch " + now.epoch() + ")");
    }
  }

  private static Set<String> addresses(RoutingTable table) {
    Set<String> addresses = new java.util.HashSet<>();
    if (table.hasMaster()) {
      addresses.add(table.master().address());
    }
    table.replicas().forEach(r -> addresses.add(r.address()));
    return addresses;
  }

  private void wakeHeld() {
    if (waitingForMaster.isEmpty()) {
      return;
    }
    List<Session> waiting = new ArrayList<>(waitingForMaster);
    waitingForMaster.clear();
    for (Session session : waiting) {
      session.dispatcher().drain();
    }
  }

  void closeAll() {
    for (Session session : new ArrayList<>(sessions)) {
      session.close();
    }
    pool.closeAll();
  }
}
