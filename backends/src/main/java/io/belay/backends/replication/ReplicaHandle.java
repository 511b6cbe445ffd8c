package io.belay.backends.replication;

import io.belay.backends.command.Client;
import java.util.ArrayList;
import java.util.List;

/** A master's view of one connected replica. */
final class ReplicaHandle {

  /** Where a replica is in its synchronization, in the order it goes through them. */
  enum State {
    /** Waiting for the snapshot it will receive; the stream is buffered meanwhile. */
    WAIT_BGSAVE("wait_bgsave"),
    /** Receiving the snapshot. */
    SEND_BULK("send_bulk"),
    /**
     * Has a diskless snapshot; the stream starts with its first acknowledgement, since the end
     * mark must arrive as the last bytes the replica reads (Redis: repl_start_cmd_stream_on_ack).
     */
    WAIT_ACK("online"),
    /** Receiving the command stream. */
    ONLINE("online");

    final String infoName;

    State(String infoName) {
      this.infoName = infoName;
    }
  }

  final Client client;
  State state = State.WAIT_BGSAVE;
  String ip;
  int listeningPort;
  boolean capaEof;
  boolean capaPsync2;
  /** Came with SYNC, the command before PSYNC: its snapshot has no {@code +FULLRESYNC} line. */
  boolean prePsync;
  /** {@code REPLCONF rdb-only 1}: wants the snapshot and nothing after it (redis-cli --rdb). */
  boolean rdbOnly;
  long ackOffset;
  long ackTime = System.currentTimeMillis();
  /** Stream bytes held until the snapshot has been sent. */
  final List<byte[]> pending = new ArrayList<>();
  long pendingBytes;
  /** When the output buffer first went over the soft limit, or 0. */
  long softLimitSince;

  ReplicaHandle(Client client, String ip) {
    this.client = client;
    this.ip = ip;
  }

  long lagSeconds(long now) {
    return (now - ackTime) / 1000;
  }
}
