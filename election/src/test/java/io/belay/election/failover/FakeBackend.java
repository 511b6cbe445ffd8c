package io.belay.election.failover;

import io.belay.election.control.BackendControl;
import io.belay.election.control.ControlException;
import io.belay.election.control.ReplicationState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** A Belay backend in memory: role, offset and the fence, with the orders it received. */
final class FakeBackend implements BackendControl {

  final BackendRef ref;
  BackendRole role;
  BackendRef master;
  long offset;
  long fence;
  boolean reachable = true;
  /** When false, PROMOTE is acknowledged but the role never changes. */
  boolean obeysPromote = true;
  /** Added to the offset on every INFO, to model a replica catching up. */
  long catchUpPerPoll;
  final List<String> orders = new ArrayList<>();
  /** Runs as each order is obeyed. */
  Runnable onOrder = () -> { };

  FakeBackend(BackendRef ref, BackendRole role, long offset) {
    this.ref = ref;
    this.role = role;
    this.offset = offset;
  }

  @Override
  public BackendRef backend() {
    return ref;
  }

  @Override
  public Future<Void> promote(long epoch) {
    return order("PROMOTE " + epoch, epoch, () -> {
      if (obeysPromote) {
        role = BackendRole.MASTER;
        master = null;
      }
    });
  }

  @Override
  public Future<Void> replicaOf(long epoch, BackendRef m) {
    return order("REPLICAOF " + epoch + " " + m.id(), epoch, () -> {
      role = BackendRole.REPLICA;
      master = m;
    });
  }

  @Override
  public Future<Void> fence(long epoch) {
    return order("FENCE " + epoch, epoch, () -> { });
  }

  @Override
  public Future<ReplicationState> replication() {
    if (!reachable) {
      return Future.failedFuture(new ControlException("cannot reach " + ref.address()));
    }
    offset += catchUpPerPoll;
    return Future.succeededFuture(new ReplicationState(role, offset,
        master == null ? null : master.host(), master == null ? 0 : master.port(), true));
  }

  @Override
  public Future<Void> pauseWrites(long millis) {
    orders.add("PAUSE");
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unpauseWrites() {
    orders.add("UNPAUSE");
    return Future.succeededFuture();
  }

  private synchronized Future<Void> order(String text, long epoch, Runnable effect) {
    if (!reachable) {
      return Future.failedFuture(new ControlException("cannot reach " + ref.address()));
    }
    if (epoch < fence) {
      return Future.failedFuture(new ControlException(ref.address() + ": FENCED epoch " + epoch
          + " is older than this backend's epoch " + fence));
    }
    fence = epoch;
    onOrder.run();
    orders.add(text);
    effect.run();
    return Future.succeededFuture();
  }
}
