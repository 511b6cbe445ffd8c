package io.belay.election.control;

import io.belay.routing.BackendRef;
import io.vertx.core.Future;

/**
 * Role changes the election orders on one backend. On a Belay backend every order carries the
 * epoch it is made in, and the backend refuses orders older than the epoch it recorded (the
 * fence); stock redis-server has no fence and gets plain {@code REPLICAOF}.
 *
 * <p>Contract: methods never block and complete on the caller's context; a refused order fails
 * with {@link ControlException} carrying the backend's error reply.
 */
public interface BackendControl {

  BackendRef backend();

  /** Makes the backend a master: {@code BELAY PROMOTE epoch} or {@code REPLICAOF NO ONE}. */
  Future<Void> promote(long epoch);

  /** Makes the backend replicate {@code master}: {@code BELAY REPLICAOF} or {@code REPLICAOF}. */
  Future<Void> replicaOf(long epoch, BackendRef master);

  /** Records {@code epoch} without a role change; a no-op on stock redis-server. */
  Future<Void> fence(long epoch);

  /** The role and offsets the backend reports right now, for catch-up and promotion checks. */
  Future<ReplicationState> replication();

  /**
   * Stops the backend from accepting writes for a while ({@code CLIENT PAUSE ms WRITE}); best
   * effort, used by a planned switchover so no write lands on the old master after its offset
   * was read.
   */
  Future<Void> pauseWrites(long millis);

  /** Ends {@link #pauseWrites(long)} early; best effort. */
  Future<Void> unpauseWrites();
}
