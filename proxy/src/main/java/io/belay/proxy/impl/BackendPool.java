package io.belay.proxy.impl;

import io.belay.proxy.ProxyOptions;
import io.belay.routing.BackendRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The backend connections of one event loop. Shared connections are multiplexed across the
 * loop's sessions, a few per backend and protocol, each session always on the same one so that
 * its commands stay in order. Dedicated connections serve one session at a time (transactions,
 * blocking commands) and go back to an idle list when the session is done with them.
 *
 * <p>A backend that cannot be reached is not hammered: after a failed connection, new requests
 * fail at once until a backoff (doubling, capped) has passed; the next request then reconnects.
 */
final class BackendPool {

  /** First pause after a failed connection attempt: a restart of a backend takes longer. */
  private static final long BACKOFF_BASE_NANOS = 25_000_000L;
  /** Longest pause: a recovered backend is used again within a second. */
  private static final long BACKOFF_MAX_NANOS = 1_000_000_000L;
  /** Idle dedicated connections kept per backend and protocol; more are closed. */
  private static final int MAX_IDLE_DEDICATED = 8;

  private record Key(BackendRef backend, int protocol) {
  }

  private static final class Backoff {
    int failures;
    long retryAtNanos;
  }

  private final Connector connector;
  private final ProxyOptions options;
  private final Map<Key, BackendConnection[]> shared = new HashMap<>();
  private final Map<Key, ArrayDeque<BackendConnection>> idle = new HashMap<>();
  private final Set<BackendConnection> open = new LinkedHashSet<>();
  private final Map<BackendRef, Backoff> backoff = new HashMap<>();

  BackendPool(Connector connector, ProxyOptions options) {
    this.connector = connector;
    this.options = options;
  }

  /**
   * The shared connection a session with {@code affinity} uses for {@code backend}, opened if
   * needed; {@code null} while the backend is in backoff.
   *
   * @param canGoElsewhere the caller has somewhere else to go (a read can use the master). For
   *                       such callers a backend that failed is probed in the background and
   *                       used again only once a connection is up: clients do not pay for
   *                       finding out whether it is back.
   */
  BackendConnection shared(BackendRef backend, int protocol, long affinity,
      boolean canGoElsewhere) {
    Key key = new Key(backend, protocol);
    BackendConnection[] slots = shared.computeIfAbsent(key,
        k -> new BackendConnection[options.connectionsPerBackend()]);
    int index = (int) Math.floorMod(affinity, (long) slots.length);
    boolean suspect = backoff.containsKey(backend);
    BackendConnection connection = slots[index];
    if (connection != null && connection.isOpen() && connection.backend().equals(backend)) {
      if (connection.wasHealthy()) {
        backoff.remove(backend);
        return connection;
      }
      return suspect && canGoElsewhere ? null : connection;
    }
    if (inBackoff(backend)) {
      return null;
    }
    BackendConnection created = open(backend, protocol);
    slots[index] = created;
    created.onClose(c -> {
      if (slots[index] == c) {
        slots[index] = null;
      }
    });
    // A probe: used once it connected (and authenticated), meanwhile the caller goes elsewhere.
    return suspect && canGoElsewhere ? null : created;
  }

  /** A connection for one session's exclusive use; {@code null} while in backoff. */
  BackendConnection dedicated(BackendRef backend, int protocol) {
    ArrayDeque<BackendConnection> list = idle.get(new Key(backend, protocol));
    while (list != null && !list.isEmpty()) {
      BackendConnection connection = list.poll();
      if (connection.isOpen() && connection.backend().equals(backend)) {
        return connection;
      }
    }
    return inBackoff(backend) ? null : open(backend, protocol);
  }

  /**
   * Takes back a dedicated connection. Only a connection with nothing in flight is kept: one
   * still waiting (a blocked BLPOP whose client left) would hand its reply to the next user.
   */
  void release(BackendConnection connection) {
    if (connection.isClosed()) {
      return;
    }
    ArrayDeque<BackendConnection> list = idle.computeIfAbsent(
        new Key(connection.backend(), connection.protocol()), k -> new ArrayDeque<>());
    connection.owner(null);
    connection.pushHandler(null);
    if (connection.inFlight() == 0 && connection.isReady() && list.size() < MAX_IDLE_DEDICATED) {
      list.add(connection);
    } else {
      connection.close();
    }
  }

  private BackendConnection open(BackendRef backend, int protocol) {
    BackendConnection connection =
        new BackendConnection(backend, protocol, connector.context(), options);
    open.add(connection);
    connection.onClose(this::closed);
    connector.open(connection);
    return connection;
  }

  private void closed(BackendConnection connection) {
    open.remove(connection);
    ArrayDeque<BackendConnection> list =
        idle.get(new Key(connection.backend(), connection.protocol()));
    if (list != null) {
      list.remove(connection);
    }
    BackendRef backend = connection.backend();
    if (connection.wasHealthy()) {
      backoff.remove(backend);
      return;
    }
    Backoff b = backoff.computeIfAbsent(backend, a -> new Backoff());
    b.failures++;
    long delay = Math.min(BACKOFF_MAX_NANOS, BACKOFF_BASE_NANOS << Math.min(b.failures - 1, 20));
    b.retryAtNanos = System.nanoTime() + delay;
  }

  private boolean inBackoff(BackendRef backend) {
    Backoff b = backoff.get(backend);
    return b != null && System.nanoTime() - b.retryAtNanos < 0;
  }

  /**
   * Lets go of shared and idle connections to backends the routing table no longer lists (an
   * old master after a failover); connections sessions hold are theirs to give back.
   */
  void retain(Set<String> addresses) {
    for (BackendConnection[] slots : shared.values()) {
      for (int i = 0; i < slots.length; i++) {
        BackendConnection connection = slots[i];
        if (connection != null && !addresses.contains(connection.backend().address())) {
          slots[i] = null;
          retire(connection);
        }
      }
    }
    for (ArrayDeque<BackendConnection> list : idle.values()) {
      list.removeIf(connection -> {
        if (addresses.contains(connection.backend().address())) {
          return false;
        }
        connection.close();
        return true;
      });
    }
  }

  /**
   * Ends every connection to {@code backend} that still waits for replies, answering them with
   * {@code message}: a master the new routing table calls down will not answer them in time,
   * and the client is better told now than after the command timeout.
   */
  void abandon(BackendRef backend, String message) {
    for (BackendConnection connection : new ArrayList<>(open)) {
      if (connection.backend().equals(backend) && connection.inFlight() > 0) {
        connection.fail(message);
      }
    }
  }

  /** Closes a connection nobody will send on again, once its replies are in. */
  private static void retire(BackendConnection connection) {
    if (connection.inFlight() == 0) {
      connection.close();
    } else {
      connection.onIdle(connection::close);
    }
  }

  /** Closes connections whose oldest request is past its deadline. */
  void checkTimeouts(long nowNanos) {
    for (BackendConnection connection : new ArrayList<>(open)) {
      connection.checkTimeout(nowNanos);
    }
  }

  int openConnections() {
    return open.size();
  }

  void closeAll() {
    for (Iterator<BackendConnection> it = new ArrayList<>(open).iterator(); it.hasNext(); ) {
      it.next().close();
    }
    idle.clear();
    shared.clear();
  }
}
