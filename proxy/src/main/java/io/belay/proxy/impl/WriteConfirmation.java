package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import io.belay.proxy.ProxyMetrics.ErrorType;
import io.belay.routing.Consistency;
import io.belay.routing.Durability;
import io.belay.routing.RoutingTable;
import java.util.List;

/**
 * What follows a batch's writes, once per batch and connection rather than once per command:
 * <ul>
 *   <li>under {@code replica-ack:N}, {@code WAIT N timeout} right after the batch's last write on
 *       the same master connection; the writes' replies are held until it answers;
 *   <li>under {@code read-your-writes}, {@code ROLE} on that connection, whose replication offset
 *       (taken after the writes ran) is the mark replicas must reach before the session reads from
 *       them again. Until it answers, the session's reads go to the master. One ROLE per turn of
 *       the event loop serves every batch on the connection, and an embedded backend tells its
 *       offset without one (see {@link BackendConnection#offsetAfterSent}).
 * </ul>
 */
final class WriteConfirmation {

  private static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

  private final Dispatcher dispatcher;
  private final ClientState client;
  private final LoopContext loop;

  WriteConfirmation(Dispatcher dispatcher, ClientState client, LoopContext loop) {
    this.dispatcher = dispatcher;
    this.client = client;
    this.loop = loop;
  }

  /** Before a command leaves: a write under replica-ack keeps its reply for the WAIT. */
  void beforeSend(Call call, BackendConnection connection) {
    if (!call.write) {
      return;
    }
    Batch batch = call.batch;
    if (batch.writeConnections.isEmpty()) {
      RoutingTable table = loop.table();
      batch.writeEpoch = table == null ? -1 : table.epoch();
      if (rywApplies(batch)) {
        client.unconfirmedWriteBatches++;
      }
    }
    batch.writeConnections.add(connection);
    call.sentOn = connection;
    if (batch.settings.durability() instanceof Durability.ReplicaAck) {
      call.held = true;
      batch.held.add(call);
    }
  }

  /** After a command left. */
  void afterSend(Call call) {
    if (call.write) {
      settle(call.batch);
    }
  }

  /** A write answered by the proxy itself (refused, master down): no backend to confirm. */
  void settledWithoutSending(Call call) {
    settle(call.batch);
  }

  /** The reply of a held write: kept until the batch's WAIT answers. */
  void replied(Call call, RespValue reply) {
    call.heldReply = reply;
  }

  private void settle(Batch batch) {
    batch.writesSettled++;
    if (!batch.allWritesSettled()) {
      return;
    }
    boolean ryw = rywApplies(batch) && !batch.writeConnections.isEmpty();
    int[] rolesPending = {batch.writeConnections.size()};
    for (BackendConnection connection : batch.writeConnections) {
      if (batch.settings.durability() instanceof Durability.ReplicaAck ack) {
        waitForReplicas(batch, connection, ack.replicas());
      }
      if (ryw) {
        readOffset(batch, connection, rolesPending);
      }
    }
  }

  private static boolean rywApplies(Batch batch) {
    return batch.settings.consistency() == Consistency.READ_YOUR_WRITES;
  }

  private void waitForReplicas(Batch batch, BackendConnection connection, int replicas) {
    long timeoutMillis = loop.options().replicaAckTimeout().toMillis();
    if (connection.isClosed()) {
      // Everything sent on it already has its (error) reply.
      release(batch, connection, null);
      return;
    }
    byte[][] wait = Resp.command("WAIT", Integer.toString(replicas),
        Long.toString(Math.max(1, timeoutMillis)));
    long timeout = loop.options().commandTimeout().toNanos() + timeoutMillis * 1_000_000L;
    dispatcher.sendHidden(connection, wait, timeout, reply -> {
      boolean enough = Resp.integer(reply, -1) >= replicas;
      release(batch, connection, enough ? null : Resp.isError(reply)
          ? new RespValue.Error(Resp.errorMessage(reply)) : new RespValue.Error(NOREPLICAS));
    });
  }

  /**
   * Gives the held writes sent on {@code connection} their replies, or {@code failure} instead
   * of every reply that was not already an error. A write answered NOREPLICAS may still have
   * been applied, on the master and on some replicas: WAIT only counts acknowledgements, it
   * does not roll anything back, exactly as with Redis's own WAIT.
   */
  private void release(Batch batch, BackendConnection connection, RespValue failure) {
    List<Call> held = batch.held;
    for (Call call : held) {
      if (!call.held) {
        continue;
      }
      RespValue reply = call.heldReply;
      if (reply == null) {
        continue; // not answered yet: its own connection's WAIT will release it
      }
      if (call.sentOn != connection) {
        continue;
      }
      call.held = false;
      if (failure != null && !Resp.isError(reply)) {
        if (failure instanceof RespValue.Error e && e.message().startsWith("NOREPLICAS")) {
          loop.metrics().error(ErrorType.NO_REPLICAS);
        }
        dispatcher.complete(call, failure);
      } else {
        dispatcher.complete(call, reply);
      }
    }
  }

  private void readOffset(Batch batch, BackendConnection connection, int[] pending) {
    dispatcher.offsetAfterSent(connection, offset -> offsetRead(batch, offset, pending));
  }

  private void offsetRead(Batch batch, long offset, int[] pending) {
    if (offset >= 0) {
      client.readYourWrites.recordWrite(batch.writeEpoch, offset);
    } else {
      client.readYourWrites.recordWriteWithoutOffset(batch.writeEpoch);
    }
    if (--pending[0] == 0) {
      client.unconfirmedWriteBatches--;
    }
  }
}
