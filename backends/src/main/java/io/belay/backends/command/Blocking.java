package io.belay.backends.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients blocked in BLPOP, BLMOVE, BZPOPMIN and friends. A write that can serve them
 * signals its key; when the writing command completes, the clients blocked on that key
 * are retried in the order they blocked, as Redis does.
 */
public final class Blocking {

  /** What a blocked command does when its keys may be ready, or when it times out. */
  public interface Waiter {
    /** Tries to serve the client now; writes its reply and returns true if it did. */
    boolean tryServe(Client c);

    /**
     * Tries to serve the client from {@code readyKey}, the key a write made ready: Redis
     * serves a client blocked on several keys from the one that became ready first, not
     * from the first it named. By default, as {@link #tryServe(Client)}.
     */
    default boolean tryServe(Client c, byte[] readyKey) {
      return tryServe(c);
    }

    /** Writes the timeout reply (a null). */
    void timedOut(Client c);
  }

  private static final class Blocked {
    final List<Client.WatchedKey> keys;
    final Waiter waiter;
    long timer = -1;

    Blocked(List<Client.WatchedKey> keys, Waiter waiter) {
      this.keys = keys;
      this.waiter = waiter;
    }
  }

  private final Engine engine;
  private final Map<Client.WatchedKey, ArrayDeque<Client>> byKey = new HashMap<>();
  private final LinkedHashSet<Client.WatchedKey> ready = new LinkedHashSet<>();
  private int blockedClients;

  Blocking(Engine engine) {
    this.engine = engine;
  }

  public int blockedClients() {
    return blockedClients;
  }

  /**
   * Blocks {@code c} on {@code keys} of database {@code db}; {@code timeoutMs} 0 waits forever.
   * The client stops reading until it is served, times out or disconnects.
   */
  public void block(Client c, int db, byte[][] keys, long timeoutMs, Waiter waiter) {
    List<Client.WatchedKey> watched = new ArrayList<>(keys.length);
    for (byte[] k : keys) {
      Client.WatchedKey wk = Client.WatchedKey.of(db, k);
      if (!watched.contains(wk)) {
        watched.add(wk);
        byKey.computeIfAbsent(wk, x -> new ArrayDeque<>()).add(c);
      }
    }
    Blocked b = new Blocked(watched, waiter);
    c.blocked = b;
    blockedClients++;
    if (timeoutMs > 0) {
      b.timer = engine.scheduler().schedule(timeoutMs, () -> {
        if (c.blocked == b) {
          b.timer = -1;
          engine.keyspace().updateClock();
          waiter.timedOut(c);
          unblock(c);
        }
      });
    }
    c.transport().setReading(c, false);
  }

  void signal(int db, byte[] key) {
    if (byKey.isEmpty()) {
      return;
    }
    Client.WatchedKey wk = Client.WatchedKey.of(db, key);
    if (byKey.containsKey(wk)) {
      ready.add(wk);
    }
  }

  boolean hasReadyKeys() {
    return !ready.isEmpty();
  }

  /** Serves clients blocked on keys that writes made ready, first blocked first served. */
  void serveReadyKeys() {
    while (!ready.isEmpty()) {
      List<Client.WatchedKey> batch = new ArrayList<>(ready);
      ready.clear();
      for (Client.WatchedKey key : batch) {
        ArrayDeque<Client> queue = byKey.get(key);
        if (queue == null) {
          continue;
        }
        for (Client c : new ArrayList<>(queue)) {
          Blocked b = (Blocked) c.blocked;
          if (b == null) {
            continue;
          }
          int db = c.db;
          c.db = key.db();
          c.propagateAs = null;
          boolean served = b.waiter.tryServe(c, key.key().array());
          c.db = db;
          if (served) {
            engine.queueClientPropagation(c, key.db());
            unblock(c);
          }
        }
      }
      engine.flushPropagation();
    }
  }

  private void unblock(Client c) {
    Blocked b = (Blocked) c.blocked;
    if (b == null) {
      return;
    }
    remove(c, b);
    c.transport().flush(c);
    c.transport().setReading(c, true);
  }

  void unblockOnDisconnect(Client c) {
    Blocked b = (Blocked) c.blocked;
    if (b != null) {
      remove(c, b);
    }
  }

  /** CLIENT UNBLOCK: as a timeout, or with an error. */
  public boolean unblockByRequest(Client c, boolean withError) {
    Blocked b = (Blocked) c.blocked;
    if (b == null) {
      return false;
    }
    if (withError) {
      c.out.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
      b.waiter.timedOut(c);
    }
    unblock(c);
    return true;
  }

  private void remove(Client c, Blocked b) {
    for (Client.WatchedKey k : b.keys) {
      ArrayDeque<Client> q = byKey.get(k);
      if (q != null) {
        q.remove(c);
        if (q.isEmpty()) {
          byKey.remove(k);
        }
      }
    }
    if (b.timer >= 0) {
      engine.scheduler().cancel(b.timer);
    }
    c.blocked = null;
    blockedClients--;
  }
}
