package io.belay.backends.replication;

import io.belay.backends.command.Client;
import io.belay.backends.command.ClientTransport;
import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ProtocolException;
import io.belay.protocol.RequestDecoder;
import io.belay.protocol.RespWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's connection to its master: the handshake (PING, AUTH, REPLCONF, PSYNC), the
 * snapshot transfer of a full sync, then the command stream, applied through the engine as
 * the master client and relayed to our own replicas. Reconnects by itself, offering PSYNC
 * with our replication ID and offset so a short outage costs only what was missed.
 */
final class MasterLink implements ClientTransport {

  private static final Logger log = LoggerFactory.getLogger(MasterLink.class);

  /** Handshake and sync states, in the order a link goes through them (Redis's repl_state). */
  enum State {
    /** Not connected; the cron reconnects. */
    CONNECT,
    /** TCP connection in progress. */
    CONNECTING,
    /** Waiting for the reply to PING. */
    RECEIVE_PING,
    /** Waiting for the reply to AUTH masterauth. */
    RECEIVE_AUTH,
    /** Waiting for the reply to REPLCONF listening-port. */
    RECEIVE_PORT,
    /** Waiting for the reply to REPLCONF capa. */
    RECEIVE_CAPA,
    /** Waiting for +FULLRESYNC or +CONTINUE. */
    RECEIVE_PSYNC,
    /** Receiving the snapshot of a full sync. */
    TRANSFER,
    /** Applying the command stream. */
    CONNECTED
  }

  private final Replication replication;
  private final String host;
  private final int port;
  private final NetClient netClient;
  private State state = State.CONNECT;
  private NetSocket socket;
  private boolean closed;
  private long lastIo = System.currentTimeMillis();
  private long downSince = System.currentTimeMillis();
  private long lastAck;
  private long connectAttemptAt;

  private byte[] pending = new byte[0];
  private String fullSyncId;
  private long fullSyncOffset;
  private SnapshotTransfer transfer;

  private Client masterClient;
  private RequestDecoder stream;
  /** This link has synchronized once: a later full resync is a reconnection's, not a REPLICAOF's. */
  private boolean synced;
  private boolean warnedBehind;

  MasterLink(Replication replication, String host, int port) {
    this.replication = replication;
    this.host = host;
    this.port = port;
    this.netClient = replication.vertx().createNetClient(new NetClientOptions().setConnectTimeout(5000)
        .setTcpNoDelay(true));
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  boolean isConnected() {
    return state == State.CONNECTED;
  }

  boolean isSyncing() {
    return state == State.TRANSFER;
  }

  long lastIo() {
    return lastIo;
  }

  long downSince() {
    return downSince;
  }

  /** ROLE's view of the link: connect, connecting, sync, connected. */
  String roleState() {
    return switch (state) {
      case CONNECT -> "connect";
      case TRANSFER -> "sync";
      case CONNECTED -> "connected";
      default -> "connecting";
    };
  }

  void connect() {
    if (closed || state != State.CONNECT) {
      return;
    }
    state = State.CONNECTING;
    connectAttemptAt = System.currentTimeMillis();
    netClient.connect(port, host).onComplete(ar -> {
      if (closed) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        log.warn("cannot reach master {}:{}: {}", host, port, ar.cause().getMessage());
        state = State.CONNECT;
        return;
      }
      socket = ar.result();
      socket.handler(this::onData);
      socket.closeHandler(v -> onDisconnected());
      socket.exceptionHandler(e -> socket.close());
      lastIo = System.currentTimeMillis();
      log.info("connected to master {}:{}, starting the handshake", host, port);
      state = State.RECEIVE_PING;
      send("PING");
    });
  }

  void close() {
    closed = true;
    if (socket != null) {
      socket.close();
    }
    dropMasterClient();
    netClient.close();
  }

  /** Reconnects a lost link, acks the offset, and detects a silent master. */
  void cron(long now) {
    if (state == State.CONNECT && now - connectAttemptAt >= 1000) {
      connect();
    } else if (state == State.CONNECTED) {
      if (now - lastAck >= 1000) {
        sendAck();
      }
      if (now - lastIo > 60_000) {
        log.warn("no data from master {}:{} for 60 seconds: reconnecting", host, port);
        socket.close();
      }
    }
  }

  void sendAck() {
    if (state == State.CONNECTED) {
      lastAck = System.currentTimeMillis();
      send("REPLCONF", "ACK", Long.toString(replication.offset()));
    }
  }

  private void send(String... args) {
    socket.write(Buffer.buffer(new RespWriter(64).command(args).drain()));
  }

  private void onData(Buffer data) {
    lastIo = System.currentTimeMillis();
    byte[] bytes = data.getBytes();
    if (state == State.CONNECTED) {
      applyStream(bytes, 0, bytes.length);
      return;
    }
    pending = concat(pending, bytes);
    try {
      while (!closed && state != State.CONNECTED && step()) {
        // each step consumes one handshake reply or the transfer
      }
    } catch (RuntimeException e) {
      log.warn("replication handshake with {}:{} failed: {}", host, port, e.getMessage());
      socket.close();
      return;
    }
    if (state == State.CONNECTED && pending.length > 0) {
      byte[] rest = pending;
      pending = new byte[0];
      applyStream(rest, 0, rest.length);
    }
  }

  /** Handles one complete reply of the handshake; false if more bytes are needed. */
  private boolean step() {
    if (state == State.TRANSFER) {
      return readTransfer();
    }
    String line = takeLine();
    if (line == null) {
      return false;
    }
    switch (state) {
      case RECEIVE_PING -> {
        if (line.startsWith("-") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
            && !line.startsWith("-ERR operation not permitted")) {
          throw new IllegalStateException("master replied to PING with " + line);
        }
        String auth = replication.engine().settings().masterAuth();
        if (auth != null) {
          state = State.RECEIVE_AUTH;
          send("AUTH", auth);
        } else {
          sendPort();
        }
      }
      case RECEIVE_AUTH -> {
        if (line.startsWith("-")) {
          throw new IllegalStateException("master refused masterauth: " + line);
        }
        sendPort();
      }
      case RECEIVE_PORT -> {
        // an old master may not know REPLCONF: Redis goes on regardless
        state = State.RECEIVE_CAPA;
        send("REPLCONF", "capa", "eof", "capa", "psync2");
      }
      case RECEIVE_CAPA -> {
        state = State.RECEIVE_PSYNC;
        String[] request = replication.psyncRequest();
        send("PSYNC", request[0], request[1]);
      }
      case RECEIVE_PSYNC -> onPsyncReply(line);
      default -> throw new IllegalStateException("unexpected reply in state " + state + ": " + line);
    }
    return true;
  }

  private void sendPort() {
    state = State.RECEIVE_PORT;
    var settings = replication.engine().settings();
    if (settings.replicaAnnounceIp().isEmpty()) {
      send("REPLCONF", "listening-port", Integer.toString(settings.announcedPort()));
    } else {
      send("REPLCONF", "listening-port", Integer.toString(settings.announcedPort()),
          "ip-address", settings.replicaAnnounceIp());
    }
  }

  private void onPsyncReply(String line) {
    if (line.startsWith("+FULLRESYNC")) {
      String[] parts = line.split(" ");
      fullSyncId = parts[1];
      fullSyncOffset = Long.parseLong(parts[2]);
      state = State.TRANSFER;
      transfer = null;
      log.info("full resynchronization from master {}:{} (replication ID {}, offset {})", host, port, fullSyncId,
          fullSyncOffset);
    } else if (line.startsWith("+CONTINUE")) {
      String[] parts = line.split(" ");
      if (parts.length > 1) {
        replication.continueWithId(parts[1]);
      } else {
        replication.continueWithId(replication.replId());
      }
      log.info("partial resynchronization with master {}:{} from offset {}", host, port, replication.offset() + 1);
      startStream();
    } else {
      throw new IllegalStateException("master refused PSYNC: " + line);
    }
  }

  /**
   * Whether this snapshot would wipe what only we still have: the master this link followed
   * came back from a restart empty (persistence off, files lost) and behind us. redis-server
   * replicas copy it and lose everything, the best-known way to lose a dataset under Sentinel;
   * we keep our data and stay disconnected until a REPLICAOF (the election's, once it promoted
   * one of us, or an operator's) says whom to follow. A master that restarted with its data
   * under a new history (from its AOF) sends keys, and is followed as Redis would.
   */
  private boolean wouldWipeUs(SnapshotTransfer rdb) {
    if (!synced || fullSyncOffset >= replication.offset() || replication.engine().keyspace().keyCount() == 0) {
      return false;
    }
    try {
      if (io.belay.backends.persistence.RdbReader.holdsKeys(rdb.rdb())) {
        return false;
      }
    } catch (java.io.IOException e) {
      return false; // unreadable: loading it fails and says why
    }
    if (!warnedBehind) {
      warnedBehind = true;
      log.warn("master {}:{} came back empty and behind this replica (offset {} < {}, replication ID {}):"
          + " keeping our data and not synchronizing from it until told to with REPLICAOF", host, port,
          fullSyncOffset, replication.offset(), fullSyncId);
    }
    return true;
  }

  private boolean readTransfer() {
    if (transfer == null) {
      // a master sends newlines while it prepares the snapshot, to keep the link alive
      int skip = 0;
      while (skip < pending.length && pending[skip] == '\n') {
        skip++;
      }
      if (skip > 0) {
        pending = java.util.Arrays.copyOfRange(pending, skip, pending.length);
      }
      String header = takeLine();
      if (header == null) {
        return false;
      }
      try {
        transfer = SnapshotTransfer.announcedBy(header);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage());
      }
    }
    int took = transfer.take(pending, 0, pending.length);
    pending = took == pending.length ? new byte[0] : java.util.Arrays.copyOfRange(pending, took, pending.length);
    if (!transfer.complete()) {
      return false;
    }
    SnapshotTransfer done = transfer;
    transfer = null;
    if (wouldWipeUs(done)) {
      pending = new byte[0];
      socket.close();
      return false;
    }
    loadSnapshot(done);
    return true;
  }

  private void loadSnapshot(SnapshotTransfer rdb) {
    try {
      Map<String, String> aux = replication.snapshots().load(rdb.rdb());
      log.info("loaded a {}-byte {}snapshot from master {}:{} ({} keys, {} aux fields)", rdb.size(),
          rdb.diskless() ? "diskless " : "", host, port, replication.engine().keyspace().keyCount(), aux.size());
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the master's snapshot: " + e.getMessage(), e);
    }
    replication.adoptMaster(fullSyncId, fullSyncOffset);
    startStream();
  }

  private void startStream() {
    synced = true;
    warnedBehind = false;
    dropMasterClient();
    masterClient = replication.engine().connect(this);
    masterClient.setMaster(true);
    masterClient.setAuthenticated(true);
    stream = new RequestDecoder(DecoderLimits.DEFAULTS, this::applyCommand);
    state = State.CONNECTED;
    lastAck = 0;
    sendAck();
  }

  private void applyStream(byte[] bytes, int off, int len) {
    try {
      stream.feed(bytes, off, len);
    } catch (ProtocolException e) {
      log.warn("protocol error in the stream from master {}:{}: {}", host, port, e.getMessage());
      socket.close();
    }
  }

  private void applyCommand(byte[][] args) {
    replication.engine().execute(masterClient, args);
    masterClient.out.reset(); // replies to the master are not sent (REPLCONF ACK is sent directly)
    replication.relay(new RespWriter(64).command(args).drain());
  }

  private void onDisconnected() {
    if (state == State.CONNECTED) {
      log.warn("lost the link to master {}:{} at offset {}", host, port, replication.offset());
    }
    dropMasterClient();
    socket = null;
    pending = new byte[0];
    transfer = null;
    state = State.CONNECT;
    downSince = System.currentTimeMillis();
  }

  private void dropMasterClient() {
    if (masterClient != null) {
      replication.engine().disconnect(masterClient);
      masterClient = null;
    }
  }

  private String takeLine() {
    for (int i = 0; i + 1 < pending.length; i++) {
      if (pending[i] == '\r' && pending[i + 1] == '\n') {
        String line = new String(pending, 0, i, StandardCharsets.UTF_8);
        pending = java.util.Arrays.copyOfRange(pending, i + 2, pending.length);
        return line;
      }
    }
    return null;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- the master client's transport: replies to the master are never sent ---------------

  @Override
  public void flush(Client c) {
    c.out.reset();
  }

  @Override
  public void close(Client c) {
    if (socket != null) {
      socket.close();
    }
  }

  @Override
  public void setReading(Client c, boolean reading) {
    // the master's stream never blocks
  }

  @Override
  public long pendingWriteBytes() {
    return 0;
  }

  @Override
  public String remoteAddress() {
    return host + ":" + port;
  }

  @Override
  public String localAddress() {
    return socket == null ? "" : socket.localAddress().host() + ":" + socket.localAddress().port();
  }
}
