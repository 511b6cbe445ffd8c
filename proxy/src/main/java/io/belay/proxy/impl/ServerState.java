package io.belay.proxy.impl;

import io.belay.proxy.ProxyGroup;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the event loops of one group's proxy share: the client count behind {@code maxclients},
 * client ids, the bound port, and the loops to tell about a new routing table. Thread-safe.
 * Machinery behind {@link io.belay.proxy.ProxyServer}; not an API.
 */
public final class ServerState {

  private final ProxyGroup group;
  private final AtomicInteger clients = new AtomicInteger();
  private final AtomicLong nextClientId = new AtomicLong();
  private final CopyOnWriteArrayList<LoopContext> loops = new CopyOnWriteArrayList<>();
  private volatile int port;

  public ServerState(ProxyGroup group) {
    this.group = group;
  }

  public int port() {
    return port;
  }

  void port(int bound) {
    this.port = bound;
  }

  /** Counts a new client in; false (and not counted) when {@code maxclients} are connected. */
  boolean admit() {
    if (clients.incrementAndGet() > group.options().maxClients()) {
      clients.decrementAndGet();
      group.metrics().clientRejected();
      return false;
    }
    group.metrics().clientConnected();
    return true;
  }

  void clientGone() {
    clients.decrementAndGet();
    group.metrics().clientDisconnected();
  }

  int clients() {
    return clients.get();
  }

  long nextClientId() {
    return nextClientId.incrementAndGet();
  }

  void register(LoopContext loop) {
    loops.add(loop);
  }

  void unregister(LoopContext loop) {
    loops.remove(loop);
  }

  /** Delivers a Sentinel event to the subscribed sessions of every event loop. */
  public void publishEvent(String channel, String message) {
    for (LoopContext loop : loops) {
      loop.publishEventAsync(channel, message);
    }
  }

  /** Tells every event loop to look at the holder now. */
  public void tableChanged() {
    for (LoopContext loop : loops) {
      loop.tableChangedAsync();
    }
  }
}
