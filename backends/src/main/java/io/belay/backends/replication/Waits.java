package io.belay.backends.replication;

import io.belay.backends.command.Client;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Clients blocked in {@code WAIT numreplicas timeout}, released as replicas acknowledge. */
final class Waits {

  private record Wait(Client client, long targetOffset, int wanted, long deadline) {
  }

  private final Replication replication;
  private final List<Wait> waiting = new ArrayList<>();

  Waits(Replication replication) {
    this.replication = replication;
  }

  /** Replies at once if enough replicas have {@code target}; else blocks the client. */
  void await(Client c, long target, int wanted, long timeoutMs) {
    int acked = acked(target);
    if (acked >= wanted || !c.mayBlock()) {
      c.out.integer(acked);
      return;
    }
    long deadline = timeoutMs == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    waiting.add(new Wait(c, target, wanted, deadline));
    c.transport().setReading(c, false);
    replication.requestAcks();
    if (timeoutMs > 0) {
      replication.engine().scheduler().schedule(timeoutMs, () -> expire(System.currentTimeMillis()));
    }
  }

  int acked(long target) {
    int n = 0;
    for (ReplicaHandle r : replication.replicas()) {
      if (r.state == ReplicaHandle.State.ONLINE && r.ackOffset >= target) {
        n++;
      }
    }
    return n;
  }

  /** An ack arrived: release the waits it satisfies. */
  void check() {
    release(false, Long.MIN_VALUE);
  }

  /** Releases waits whose timeout passed. */
  void expire(long now) {
    release(false, now);
  }

  /** Releases everything (role change). */
  void releaseAll() {
    release(true, Long.MIN_VALUE);
  }

  private void release(boolean all, long now) {
    for (Iterator<Wait> it = waiting.iterator(); it.hasNext();) {
      Wait w = it.next();
      int acked = acked(w.targetOffset);
      if (all || acked >= w.wanted || now >= w.deadline) {
        it.remove();
        w.client.out.integer(acked);
        w.client.transport().flush(w.client);
        w.client.transport().setReading(w.client, true);
      }
    }
  }

  void forget(Client c) {
    waiting.removeIf(w -> w.client == c);
  }
}
