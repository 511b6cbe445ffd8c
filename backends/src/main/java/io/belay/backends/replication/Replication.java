package io.belay.backends.replication;

import io.belay.backends.command.Client;
import io.belay.backends.command.Engine;
import io.belay.backends.command.Errors;
import io.belay.protocol.RespWriter;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication for one backend, in Redis's own protocol: as a master it keeps the replication
 * ID, offset and backlog and streams every write to its replicas; as a replica it follows a
 * master through a {@link MasterLink} and relays the same stream to replicas of its own.
 * Runs on the engine's event loop.
 */
public final class Replication {

  private static final Logger log = LoggerFactory.getLogger(Replication.class);
  static final String NO_ID = "0000000000000000000000000000000000000000";

  private final Engine engine;
  private final Vertx vertx;
  private final SnapshotSource snapshots;
  private final StreamEncoder encoder = new StreamEncoder();
  private final List<ReplicaHandle> replicas = new ArrayList<>();
  private final Map<Long, ReplicaHandle> byClient = new HashMap<>();
  private final Waits waits;
  private final Fence fence;

  private String replId = newReplId();
  private String replId2 = NO_ID;
  /** First offset (Redis's 1-based) the secondary ID is valid up to; -1 if none. */
  private long secondOffset = -1;
  /** master_repl_offset: bytes of the stream so far. */
  private long offset;
  private Backlog backlog;
  private long backlogIdleSince = System.currentTimeMillis();
  private MasterLink link;
  private long lastPing;
  /** A snapshot for full syncs is being produced; replicas in WAIT_BGSAVE get it. */
  private boolean snapshotInProgress;
  /** The diskless snapshot being streamed, and where to, or null. */
  private io.belay.backends.persistence.Snapshot streamingSnapshot;
  private ReplicaSink streaming;
  private boolean flushScheduled;

  public Replication(Engine engine, Vertx vertx, SnapshotSource snapshots, Fence fence) {
    this.engine = engine;
    this.vertx = vertx;
    this.snapshots = snapshots;
    this.fence = fence;
    this.waits = new Waits(this);
  }

  /** Registers propagation, commands, the write gate, cron and the INFO section. */
  public void install() {
    engine.addPropagator(this::propagate);
    engine.setWriteGate(this::writeRefusal);
    engine.onCron(this::cron);
    new ReplicationCommands(this).register(engine.registry());
    engine.addInfoSection(new ReplicationInfo(this), "cpu");
  }

  Engine engine() {
    return engine;
  }

  Vertx vertx() {
    return vertx;
  }

  SnapshotSource snapshots() {
    return snapshots;
  }

  Fence fence() {
    return fence;
  }

  Waits waits() {
    return waits;
  }

  public boolean isReplica() {
    return link != null;
  }

  MasterLink link() {
    return link;
  }

  public String replId() {
    return replId;
  }

  String replId2() {
    return replId2;
  }

  long secondOffset() {
    return secondOffset;
  }

  public long offset() {
    return offset;
  }

  Backlog backlog() {
    return backlog;
  }

  List<ReplicaHandle> replicas() {
    return replicas;
  }

  // ---- the stream ----------------------------------------------------------------------

  /** The engine applied a write: as a master, encode it into the stream. */
  private void propagate(int db, byte[][] args) {
    if (link != null || backlog == null) {
      // A replica relays its master's stream as received; a master without a backlog has
      // never had a replica, and, like Redis, does not count offsets yet.
      return;
    }
    feed(encoder.encode(db, args));
  }

  /** Appends stream bytes: to the backlog, the offset, and every replica. */
  void feed(byte[] bytes) {
    if (backlog == null) {
      createBacklog();
    }
    backlog.append(bytes, 0, bytes.length);
    offset += bytes.length;
    for (ReplicaHandle r : replicas) {
      if (r.state == ReplicaHandle.State.ONLINE) {
        send(r, bytes);
      } else {
        r.pending.add(bytes);
        r.pendingBytes += bytes.length;
        checkOutputLimit(r);
      }
    }
  }

  /**
   * Queues stream bytes for a replica; they are written once per turn of the event loop, so
   * a pipeline of writes costs each replica one socket write, not one per command.
   */
  private void send(ReplicaHandle r, byte[] bytes) {
    r.client.out.raw(bytes);
    if (!flushScheduled) {
      flushScheduled = true;
      vertx.getOrCreateContext().runOnContext(v -> flushReplicas());
    }
  }

  private void flushReplicas() {
    flushScheduled = false;
    for (ReplicaHandle r : new ArrayList<>(replicas)) {
      if (r.state == ReplicaHandle.State.ONLINE && !r.client.out.isEmpty()) {
        r.client.transport().flush(r.client);
        checkOutputLimit(r);
      }
    }
  }

  /**
   * client-output-buffer-limit for replicas (256 MB hard, 64 MB for 60 s soft): a replica
   * that cannot keep up is dropped and will resync, instead of exhausting our memory.
   */
  private void checkOutputLimit(ReplicaHandle r) {
    long queued = r.pendingBytes + r.client.transport().pendingWriteBytes();
    long[] limits = engine.settings().outputBufferLimit("replica");
    long now = System.currentTimeMillis();
    boolean hard = limits[0] > 0 && queued > limits[0];
    boolean soft = false;
    if (limits[1] > 0 && queued > limits[1]) {
      if (r.softLimitSince == 0) {
        r.softLimitSince = now;
      }
      soft = now - r.softLimitSince >= limits[2] * 1000;
    } else {
      r.softLimitSince = 0;
    }
    if (hard || soft) {
      log.warn("replica {}:{} over its output buffer limit ({} bytes queued): disconnecting it", r.ip,
          r.listeningPort, queued);
      r.client.transport().close(r.client);
      dropReplica(r.client);
    }
  }

  private void createBacklog() {
    backlog = new Backlog((int) Math.min(Integer.MAX_VALUE - 8, engine.settings().replBacklogSize()), offset);
  }

  // ---- master side: PSYNC ----------------------------------------------------------------

  /** {@code PSYNC replid offset} from a replica: continue from the backlog, or start a full sync. */
  void psync(Client c, String requestedId, long requestedOffset, String ip) {
    ReplicaHandle r = attach(c, ip);
    if (r == null) {
      return;
    }
    if (!r.rdbOnly && canContinue(requestedId, requestedOffset)) {
      engine.stats().syncPartialOk++;
      c.out.simpleString("CONTINUE " + replId);
      byte[] missing = backlog.copyFrom(requestedOffset - 1);
      r.state = ReplicaHandle.State.ONLINE;
      r.ackOffset = requestedOffset - 1;
      c.out.raw(missing);
      c.transport().flush(c);
      log.info("replica {}:{} resynchronized partially from offset {} ({} bytes)", r.ip, r.listeningPort,
          requestedOffset, missing.length);
      return;
    }
    if (!"?".equals(requestedId)) {
      engine.stats().syncPartialErr++;
    }
    fullSync(r);
  }

  /**
   * SYNC, the command replicas sent before PSYNC existed, and that {@code redis-cli --rdb} still
   * sends: always a full synchronization, and the snapshot comes without a {@code +FULLRESYNC}
   * line, which such a peer would read as the snapshot's length.
   */
  void sync(Client c, String ip) {
    ReplicaHandle r = attach(c, ip);
    if (r != null) {
      r.prePsync = true;
      fullSync(r);
    }
  }

  /** The handle of a replica that asked to synchronize, or {@code null} after an error reply. */
  private ReplicaHandle attach(Client c, String ip) {
    if (link != null && !link.isConnected()) {
      c.out.error("NOMASTERLINK Can't SYNC while not connected with my master");
      return null;
    }
    ReplicaHandle r = byClient.computeIfAbsent(c.id(), id -> new ReplicaHandle(c, ip));
    ReplicaHandle pre = pendingHandshake.remove(c.id());
    if (pre != null) {
      r.listeningPort = pre.listeningPort;
      r.capaEof = pre.capaEof;
      r.capaPsync2 = pre.capaPsync2;
      r.rdbOnly = pre.rdbOnly;
      if (pre.ip != null) {
        r.ip = pre.ip;
      }
    }
    if (!replicas.contains(r)) {
      replicas.add(r);
    }
    c.setMaster(false);
    return r;
  }

  private boolean canContinue(String requestedId, long requestedOffset) {
    if (backlog == null || "?".equals(requestedId)) {
      return false;
    }
    boolean idKnown = requestedId.equals(replId)
        || (requestedId.equals(replId2) && requestedOffset <= secondOffset);
    return idKnown && backlog.covers(requestedOffset - 1);
  }

  private void fullSync(ReplicaHandle r) {
    engine.stats().syncFull++;
    if (backlog == null) {
      createBacklog();
    }
    r.state = ReplicaHandle.State.WAIT_BGSAVE;
    r.pending.clear();
    r.pendingBytes = 0;
    if (!r.prePsync) {
      r.client.out.simpleString("FULLRESYNC " + replId + " " + offset);
      r.client.transport().flush(r.client);
    }
    log.info("replica {}:{} needs a full resynchronization at offset {}", r.ip, r.listeningPort, offset);
    if (snapshotInProgress) {
      return; // it shares the snapshot being made: commands since its start are buffered for it
    }
    startSnapshot();
  }

  /**
   * One snapshot serves every replica waiting when it starts; the stream after that instant
   * is buffered per replica and sent after the snapshot, so nothing is lost or doubled. When
   * they all read the diskless form ({@code capa eof}), the snapshot streams to them as it is
   * made; otherwise it is made first and sent with its length.
   */
  private void startSnapshot() {
    snapshotInProgress = true;
    long snapshotOffset = offset;
    List<ReplicaHandle> served = new ArrayList<>();
    for (ReplicaHandle r : replicas) {
      if (r.state == ReplicaHandle.State.WAIT_BGSAVE) {
        served.add(r);
        r.pending.clear();
        r.pendingBytes = 0;
      }
    }
    encoder.forgetSelectedDb();
    Map<String, String> aux = Map.of("repl-id", replId, "repl-offset", Long.toString(snapshotOffset));
    if (served.stream().allMatch(r -> r.capaEof)) {
      streamSnapshot(served, aux);
      return;
    }
    snapshots.snapshot(aux).onComplete(ar -> finishSnapshot(served, ar, r -> sendSnapshot(r, ar.result())));
  }

  /**
   * The snapshot for {@code served} ended: each replica still connected gets what
   * {@code deliver} sends, or is dropped if the snapshot failed; replicas that arrived after
   * it started need one of their own.
   */
  private void finishSnapshot(List<ReplicaHandle> served, io.vertx.core.AsyncResult<?> ar,
      java.util.function.Consumer<ReplicaHandle> deliver) {
    snapshotInProgress = false;
    for (ReplicaHandle r : served) {
      if (!replicas.contains(r)) {
        continue;
      }
      if (ar.failed()) {
        log.warn("snapshot for replica {}:{} failed: {}", r.ip, r.listeningPort, ar.cause().toString());
        r.client.transport().close(r.client);
        dropReplica(r.client);
        continue;
      }
      deliver.accept(r);
    }
    if (replicas.stream().anyMatch(x -> x.state == ReplicaHandle.State.WAIT_BGSAVE)) {
      startSnapshot();
    }
  }

  private void streamSnapshot(List<ReplicaHandle> served, Map<String, String> aux) {
    byte[] mark = newReplId().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] header = ("$EOF:" + new String(mark, java.nio.charset.StandardCharsets.US_ASCII) + "\r\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (ReplicaHandle r : served) {
      r.state = ReplicaHandle.State.SEND_BULK;
      r.client.out.raw(header);
      r.client.transport().flush(r.client);
    }
    ReplicaSink sink = new ReplicaSink(served, replicas::contains);
    streaming = sink;
    streamingSnapshot = snapshots.stream(sink, aux);
    streamingSnapshot.result().onComplete(ar -> {
      streaming = null;
      streamingSnapshot = null;
      finishSnapshot(served, ar, r -> {
        r.client.out.raw(mark);
        if (r.rdbOnly) {
          closeRdbOnly(r, sink.bytes());
          return;
        }
        r.client.transport().flush(r.client);
        r.state = ReplicaHandle.State.WAIT_ACK;
        r.ackTime = System.currentTimeMillis();
        log.info("replica {}:{} received a {}-byte diskless snapshot; the stream starts with its first ack",
            r.ip, r.listeningPort, sink.bytes());
      });
    });
  }

  /** The snapshot is all an rdb-only peer wanted: close once it left, as Redis does, and stream nothing. */
  private void closeRdbOnly(ReplicaHandle r, long bytes) {
    r.client.transport().flush(r.client);
    r.client.transport().close(r.client);
    dropReplica(r.client);
    log.info("sent a {}-byte snapshot to {} (rdb-only), closing", bytes, r.ip);
  }

  /** The replica has its snapshot: what the master wrote since it was taken goes now. */
  private void startStream(ReplicaHandle r) {
    for (byte[] b : r.pending) {
      r.client.out.raw(b);
    }
    r.pending.clear();
    r.pendingBytes = 0;
    r.state = ReplicaHandle.State.ONLINE;
    r.client.transport().flush(r.client);
    log.info("replica {}:{} is online", r.ip, r.listeningPort);
  }

  private void sendSnapshot(ReplicaHandle r, byte[] rdb) {
    r.state = ReplicaHandle.State.SEND_BULK;
    RespWriter w = r.client.out;
    w.raw(("$" + rdb.length + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    w.raw(rdb);
    if (r.rdbOnly) {
      closeRdbOnly(r, rdb.length);
      return;
    }
    r.ackTime = System.currentTimeMillis();
    log.info("replica {}:{} received a {}-byte snapshot", r.ip, r.listeningPort, rdb.length);
    startStream(r);
  }

  private final Map<Long, ReplicaHandle> pendingHandshake = new HashMap<>();

  /** REPLCONF options sent before PSYNC. */
  ReplicaHandle handshake(Client c) {
    ReplicaHandle r = byClient.get(c.id());
    return r != null ? r : pendingHandshake.computeIfAbsent(c.id(), id -> new ReplicaHandle(c, null));
  }

  /** {@code REPLCONF ACK offset} from a replica. */
  void ack(Client c, long ackOffset) {
    ReplicaHandle r = byClient.get(c.id());
    if (r == null) {
      return;
    }
    r.ackOffset = Math.max(r.ackOffset, ackOffset);
    r.ackTime = System.currentTimeMillis();
    if (r.state == ReplicaHandle.State.WAIT_ACK) {
      startStream(r);
    }
    waits.check();
  }

  /** A replica's connection closed. */
  public void dropReplica(Client c) {
    pendingHandshake.remove(c.id());
    ReplicaHandle r = byClient.remove(c.id());
    if (r != null) {
      replicas.remove(r);
      if (streaming != null && streaming.abandoned()) {
        log.info("every replica of the diskless snapshot in progress left: cancelling it");
        streamingSnapshot.cancel();
      }
      if (replicas.isEmpty()) {
        backlogIdleSince = System.currentTimeMillis();
      }
      log.info("replica {}:{} disconnected", r.ip, r.listeningPort);
    }
  }

  /** Closes every replica's connection (they reconnect and learn about a new ID or dataset). */
  void disconnectReplicas() {
    for (ReplicaHandle r : new ArrayList<>(replicas)) {
      r.client.transport().close(r.client);
      dropReplica(r.client);
    }
  }

  // ---- roles -----------------------------------------------------------------------------

  /** REPLICAOF host port: follow a master, trying a partial resync with what we have. */
  public void replicaOf(String host, int port) {
    if (link != null && link.host().equals(host) && link.port() == port) {
      return;
    }
    if (link != null) {
      link.close();
    }
    engine.keyspace().setReplica(true);
    waits.releaseAll();
    link = new MasterLink(this, host, port);
    link.connect();
    log.info("following master {}:{}", host, port);
  }

  /**
   * REPLICAOF NO ONE: keep the data and become a master under a new replication ID, keeping
   * the old one as secondary ID up to here, so our former siblings resync partially (PSYNC2).
   */
  public void promote() {
    if (link == null) {
      return;
    }
    link.close();
    link = null;
    engine.keyspace().setReplica(false);
    shiftReplicationId();
    disconnectReplicas();
    log.info("promoted to master: replication ID {}, secondary ID {} valid up to offset {}", replId, replId2,
        secondOffset);
  }

  private void shiftReplicationId() {
    replId2 = replId;
    secondOffset = offset + 1;
    replId = newReplId();
    encoder.forgetSelectedDb();
  }

  /** The link finished a full sync: our dataset and stream are now the master's. */
  void adoptMaster(String masterReplId, long masterOffset) {
    replId = masterReplId;
    replId2 = NO_ID;
    secondOffset = -1;
    offset = masterOffset;
    if (backlog == null) {
      createBacklog();
    }
    backlog.reset(masterOffset);
    disconnectReplicas();
  }

  /** The link resumed with {@code +CONTINUE newId}: the master changed ID (it was promoted). */
  void continueWithId(String newId) {
    if (!newId.equals(replId)) {
      replId2 = replId;
      secondOffset = offset + 1;
      replId = newId;
      disconnectReplicas();
    }
    if (backlog == null) {
      createBacklog();
    }
  }

  /** Bytes of the master's stream applied by this replica: relayed as they are. */
  void relay(byte[] bytes) {
    feed(bytes);
  }

  /** What this replica offers its master in PSYNC: our ID and the next offset, or "? -1". */
  String[] psyncRequest() {
    if (backlog == null && offset == 0) {
      return new String[] {"?", "-1"};
    }
    return new String[] {replId, Long.toString(offset + 1)};
  }

  /** How writes are refused: min-replicas-to-write on a master. */
  private String writeRefusal() {
    int min = engine.settings().minReplicasToWrite();
    if (min <= 0 || link != null) {
      return null;
    }
    return goodReplicas() < min ? Errors.NOREPLICAS : null;
  }

  /** Replicas online whose last ack is within min-replicas-max-lag seconds. */
  int goodReplicas() {
    long now = System.currentTimeMillis();
    int maxLag = engine.settings().minReplicasMaxLag();
    int good = 0;
    for (ReplicaHandle r : replicas) {
      if (r.state == ReplicaHandle.State.ONLINE && r.lagSeconds(now) <= maxLag) {
        good++;
      }
    }
    return good;
  }

  private void cron() {
    long now = System.currentTimeMillis();
    if (link != null) {
      link.cron(now);
    }
    if (link == null && !replicas.isEmpty() && now - lastPing >= 10_000) {
      // A master pings its replicas through the stream so they can tell a silent master from a dead one.
      lastPing = now;
      feed(encodePing());
    }
    if (backlog != null && replicas.isEmpty() && link == null) {
      long ttl = engine.settings().replBacklogTtl();
      if (ttl > 0 && now - backlogIdleSince > ttl * 1000) {
        backlog = null;
      }
    }
    if (backlog != null && backlog.capacity() != engine.settings().replBacklogSize()) {
      backlog.resize((int) Math.min(Integer.MAX_VALUE - 8, engine.settings().replBacklogSize()));
    }
    waits.expire(now);
  }

  private static byte[] encodePing() {
    return "*1\r\n$4\r\nPING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Asks every replica for its offset now (WAIT uses it). */
  void requestAcks() {
    if (replicas.isEmpty() || link != null) {
      return;
    }
    feed(new RespWriter().command("REPLCONF", "GETACK", "*").drain());
  }

  static String newReplId() {
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** Restores the ID and offset a snapshot or AOF recorded, so a restarted replica can resync partially. */
  public void restore(String id, long restoredOffset) {
    if (id != null && id.length() == 40) {
      replId = id;
      offset = restoredOffset;
    }
  }
}
