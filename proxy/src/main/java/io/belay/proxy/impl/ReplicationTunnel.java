package io.belay.proxy.impl;

import io.belay.proxy.ProxyOptions;
import io.belay.routing.BackendRef;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A client that becomes a replica through the proxy: {@code redis-cli --rdb}, or a
 * {@code redis-server} whose {@code replicaof} names the proxy's address. Its first
 * replication command (REPLCONF, SYNC or PSYNC) hands the session over to a connection of its
 * own to the master, and from then on the proxy relays bytes both ways without reading them:
 * the snapshot, the command stream and the replica's acknowledgements are the master's and the
 * replica's business.
 *
 * <p>The tunnel follows the group's master. When a failover names another one, the tunnel
 * closes; the replica reconnects to the same address, reaches the new master and, since the new
 * master keeps the old replication ID as its secondary ID, resynchronises partially.
 *
 * <p>Memory stays bounded both ways: the side being written to pauses the side it reads from
 * while its write queue is full. Confined to the session's event loop.
 */
final class ReplicationTunnel {

  /** The commands that turn a client connection into a replica's. */
  static final Set<String> COMMANDS = Set.of("replconf", "sync", "psync");

  /**
   * Bytes the replica may send before the master connection is up. A replica's handshake is a
   * few short commands, each waiting for its reply; anything past this is not a replica.
   */
  private static final int MAX_EARLY_BYTES = 64 * 1024;

  private final Session session;
  private final NetSocket client;
  private final LoopContext loop;
  private final BackendRef master;
  private Buffer early = Buffer.buffer();
  private NetSocket backend;
  /** Reply lines still to drop: the answer to the proxy's own AUTH. */
  private int ownReplies;
  private final StringBuilder ownLine = new StringBuilder();
  private boolean closed;

  ReplicationTunnel(Session session, NetSocket client, LoopContext loop, BackendRef master,
      List<byte[][]> first) {
    this.session = session;
    this.client = client;
    this.loop = loop;
    this.master = master;
    first.forEach(this::fromClient);
  }

  BackendRef master() {
    return master;
  }

  /** Connects to the master and starts relaying; called once the session's earlier replies left. */
  void open() {
    loop.netClient().connect(master.port(), master.host()).onComplete(ar -> {
      if (closed) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        refuse("ERR backend " + master.address() + " unavailable: " + ar.cause().getMessage());
        return;
      }
      connected(ar.result());
    });
  }

  private void connected(NetSocket socket) {
    backend = socket;
    backend.setWriteQueueMaxSize(SocketTransport.WRITE_QUEUE_MAX);
    backend.handler(this::fromBackend);
    backend.closeHandler(v -> session.close());
    backend.exceptionHandler(e -> backend.close());
    backend.drainHandler(v -> client.resume());
    client.drainHandler(v -> backend.resume());
    Buffer out = Buffer.buffer();
    ProxyOptions options = loop.options();
    if (options.backendPassword().isPresent()) {
      String password = options.backendPassword().get();
      Resp.appendCommand(out, options.backendUser().isPresent()
          ? Resp.command("AUTH", options.backendUser().get(), password)
          : Resp.command("AUTH", password));
      ownReplies = 1;
    }
    out.appendBuffer(early);
    early = null;
    write(out);
  }

  /** A command the replica sent: to the master as it came. */
  void fromClient(byte[][] args) {
    if (closed) {
      return;
    }
    Buffer command = Buffer.buffer();
    Resp.appendCommand(command, args);
    if (backend != null) {
      write(command);
      return;
    }
    early.appendBuffer(command);
    if (early.length() > MAX_EARLY_BYTES) {
      session.close();
    }
  }

  private void write(Buffer data) {
    backend.write(data);
    if (backend.writeQueueFull()) {
      client.pause();
    }
  }

  private void fromBackend(Buffer data) {
    int start = 0;
    while (ownReplies > 0 && start < data.length()) {
      byte b = data.getByte(start++);
      if (b != '\n') {
        ownLine.append((char) b);
        continue;
      }
      ownReplies--;
      if (ownLine.length() > 0 && (ownLine.charAt(0) == '-' || ownLine.charAt(0) == '!')) {
        refuse("ERR backend " + master.address() + " refused AUTH: " + ownLine.toString().trim().substring(1));
        return;
      }
      ownLine.setLength(0);
    }
    if (start == data.length()) {
      return;
    }
    Buffer out = start == 0 ? data : data.getBuffer(start, data.length());
    loop.metrics().bytesOut(out.length());
    client.write(out);
    if (client.writeQueueFull()) {
      backend.pause();
    }
  }

  /** Answers the replica with an error, as the master would have, and closes. */
  private void refuse(String message) {
    client.write(Buffer.buffer(("-" + message + "\r\n").getBytes(StandardCharsets.UTF_8)))
        .onComplete(v -> session.close());
    if (backend != null) {
      backend.close();
    }
    closed = true;
  }

  /** The client went away, or the session is closing: the master connection goes with it. */
  void close() {
    closed = true;
    if (backend != null) {
      backend.close();
    }
  }
}
