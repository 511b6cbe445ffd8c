package io.belay.ops.http;

import io.vertx.core.Future;

/**
 * What the admin API may ask of the node. Both calls return at once and complete their
 * future from wherever the work finishes. A refusal the operator can act on fails the
 * future with an {@link AdminActionException}; anything else is reported as an internal
 * error.
 */
public interface AdminActions {

  /**
   * A planned failover of {@code group}: the master's writes are held, the best replica
   * catches up and is promoted in a new epoch, and every proxy is rewired.
   *
   * @return the new master's address, {@code host:port}
   */
  Future<String> switchover(String group);

  /**
   * Changes the given routing settings of {@code group}; settings absent from
   * {@code change} stay as they are. The values are already validated.
   */
  Future<Void> updateRouting(String group, RoutingChange change);
}
