package io.belay.proxy.impl;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A session's commands on their way, counted per backend connection. It keeps the order a
 * client relies on: a command may not leave on one connection while an earlier command of the
 * same session is still running on another connection to the same backend (shared connection,
 * then MULTI on the dedicated one, say), since two connections give no order between them.
 */
final class InFlight {

  private final Map<BackendConnection, Integer> counts = new IdentityHashMap<>();
  private final Set<BackendConnection> awaitingDrain =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * True when a command for {@code connection} must wait: for an earlier command on another
   * connection to the same backend, or for the connection's write queue, in which case
   * {@code retry} runs once it drained.
   */
  boolean mustWait(BackendConnection connection, Runnable retry) {
    for (Map.Entry<BackendConnection, Integer> e : counts.entrySet()) {
      if (e.getKey() != connection && e.getValue() > 0
          && e.getKey().backend().equals(connection.backend())) {
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
    counts.merge(connection, 1, Integer::sum);
  }

  void answered(BackendConnection connection) {
    counts.computeIfPresent(connection, (c, n) -> n == 1 ? null : n - 1);
  }

  int on(BackendConnection connection) {
    return counts.getOrDefault(connection, 0);
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }
}
