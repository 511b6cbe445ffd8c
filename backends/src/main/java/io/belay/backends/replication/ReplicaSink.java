package io.belay.backends.replication;

import io.belay.backends.persistence.RdbSink;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Predicate;

/**
 * A diskless full synchronization, Redis 7's default: the snapshot's chunks go straight to the
 * connections of every replica it serves while it is being made, so the master never holds the
 * whole RDB. The snapshot pauses while any of them has a full write queue: the slowest replica
 * sets the pace, and memory stays bounded by the queues, whatever the dataset's size.
 */
final class ReplicaSink implements RdbSink {

  private final List<ReplicaHandle> targets;
  private final Predicate<ReplicaHandle> attached;
  private long bytes;

  /**
   * @param targets  the replicas the snapshot serves
   * @param attached whether a replica is still connected; those that left are skipped
   */
  ReplicaSink(List<ReplicaHandle> targets, Predicate<ReplicaHandle> attached) {
    this.targets = List.copyOf(targets);
    this.attached = attached;
  }

  @Override
  public void write(byte[] chunk) {
    bytes += chunk.length;
    for (ReplicaHandle r : targets) {
      if (attached.test(r)) {
        r.client.out.raw(chunk);
        r.client.transport().flush(r.client);
      }
    }
  }

  @Override
  public boolean writeQueueFull() {
    return full() != null;
  }

  @Override
  public void drainHandler(Runnable handler) {
    ReplicaHandle slow = full();
    if (slow == null) {
      handler.run();
    } else {
      // the snapshot looks at every queue again when it resumes, and waits for the next one
      slow.client.transport().whenWritable(handler);
    }
  }

  private ReplicaHandle full() {
    for (ReplicaHandle r : targets) {
      if (attached.test(r) && r.client.transport().writeQueueFull()) {
        return r;
      }
    }
    return null;
  }

  /** Nobody is left to send the snapshot to. */
  boolean abandoned() {
    return targets.stream().noneMatch(attached);
  }

  long bytes() {
    return bytes;
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public void abort() {
    // the replicas' connections are closed by the replication that owns them
  }
}
