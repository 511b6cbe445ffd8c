package io.belay.proxy.impl;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A session's commands on their way, counted per backend connection. It keeps the order a
 * client relies on: a command may not leave on one connection while an earlier command of the
 * same session is still running on another connection to the same backend (shared connection,
 * then MULTI on the dedicated one, say), since two connections give no order between them.
 */
final class InFlight {

  /**
   * Connections with commands of the session on their way, and how many: a session uses one or
   * two at a time (its shared connection, a dedicated one), so a short array beats a map.
   */
  private BackendConnection[] connections = new BackendConnection[2];
  private int[] counts = new int[2];
  private int size;
  private final Set<BackendConnection> awaitingDrain =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * True when a command for {@code connection} must wait: for an earlier command on another
   * connection to the same backend, or for the connection's write queue, in which case
   * {@code retry} runs once it drained.
   */
  boolean mustWait(BackendConnection connection, Runnable retry) {
    for (int i = 0; i < size; i++) {
      BackendConnection other = connections[i];
      if (other != connection && other.backend().equals(connection.backend())) {
        return true;
      }
    }
    if (connection.writeQueueFull()) {
      if (awaitingDrain.add(connection)) {
        connection.onDrain(() -> {
          awaitingDrain.remove(connection);
          retry.run();
        });
      }
      return true;
    }
    return false;
  }

  void sent(BackendConnection connection) {
    int i = indexOf(connection);
    if (i >= 0) {
      counts[i]++;
      return;
    }
    if (size == connections.length) {
      connections = Arrays.copyOf(connections, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    connections[size] = connection;
    counts[size++] = 1;
  }

  void answered(BackendConnection connection) {
    int i = indexOf(connection);
    if (i < 0) {
      return;
    }
    if (--counts[i] == 0) {
      size--;
      connections[i] = connections[size];
      counts[i] = counts[size];
      connections[size] = null;
    }
  }

  int on(BackendConnection connection) {
    int i = indexOf(connection);
    return i < 0 ? 0 : counts[i];
  }

  boolean isEmpty() {
    return size == 0;
  }

  private int indexOf(BackendConnection connection) {
    for (int i = 0; i < size; i++) {
      if (connections[i] == connection) {
        return i;
      }
    }
    return -1;
  }
}
