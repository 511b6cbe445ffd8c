package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Replication features beyond the walkthrough, each on its own processes: WAIT,
 * min-replicas-to-write, the fenced BELAY command, chained replicas, expiry, transactions,
 * databases, the backlog's limit, slow replicas and writes during a full sync. Where Redis
 * defines the behaviour, the same test body runs against redis-server as the oracle.
 */
class ReplicationFeaturesIT {

  private static final Duration SYNC = Sync.TIMEOUT;
  private static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

  @TempDir
  Path tmp;

  private final List<NodeProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(NodeProcess::close);
  }

  private NodeProcess start(ServerKind kind, String name, String... args) throws Exception {
    NodeProcess p = kind.start(tmp.resolve(name), args);
    started.add(p);
    return p;
  }

  private NodeProcess startReplica(ServerKind kind, String name, NodeProcess master, String... args) throws Exception {
    String[] all = Stream.concat(Stream.of(args), Stream.of(kind.replicaOf(master.port()))).toArray(String[]::new);
    NodeProcess p = start(kind, name, all);
    Sync.awaitLinkUp(p, SYNC);
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldReturnFromWaitWithTheNumberOfReplicasThatAcknowledged(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess a = startReplica(kind, "a", master, "--save", "");
    NodeProcess b = startReplica(kind, "b", master, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      j.set("k", "1");
      assertEquals(2, j.waitReplicas(2, 10_000));
      a.pause();
      b.pause();
      try {
        j.set("k", "2");
        assertEquals(0, j.waitReplicas(2, 500), "paused replicas cannot acknowledge before the timeout");
        assertEquals(0, j.waitReplicas(1, 200));
      } finally {
        a.resume();
        b.resume();
      }
      eventually(SYNC, () -> assertEquals(2, j.waitReplicas(2, 1000)));
    }
    assertEquals("2", Redis.get(a.port(), "k"));
    assertEquals("2", Redis.get(b.port(), "k"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldRefuseWritesWhileTheOnlyReplicaLagsBeyondMinReplicasMaxLag(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      j.configSet("min-replicas-to-write", "1");
      j.configSet("min-replicas-max-lag", "2");
      eventually(SYNC, () -> assertEquals("OK", j.set("before", "pause")));
      replica.pause();
      try {
        eventually(SYNC, () -> {
          JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("probe", "x"));
          assertEquals(NOREPLICAS, e.getMessage());
        });
        JedisDataException e = assertThrows(JedisDataException.class, () -> j.incr("counter"));
        assertEquals(NOREPLICAS, e.getMessage());
        assertEquals("pause", j.get("before"), "reads are still served");
      } finally {
        replica.resume();
      }
      eventually(SYNC, () -> assertEquals("OK", j.set("after", "resume")));
      assertEquals(1, j.incr("counter"));
    }
    Sync.assertIdentical(master, replica);
  }

  @Test
  void shouldRefuseControlCommandsOlderThanTheEpochItRecordedEvenAfterAKill() throws Exception {
    NodeProcess master = start(ServerKind.BELAY, "m", "--save", "");
    NodeProcess node = start(ServerKind.BELAY, "n", "--save", "");
    String port = Integer.toString(master.port());
    try (Jedis j = Redis.connect(node.port())) {
      assertEquals(0L, belay(j, "EPOCH"));
      assertEquals("OK", belay(j, "FENCE", "5"));
      assertEquals(5L, belay(j, "EPOCH"));
      assertFenced(j, "PROMOTE", "3");
      assertFenced(j, "REPLICAOF", "4", "127.0.0.1", port);
      assertEquals("master", Redis.info(node.port(), "replication").get("role"), "a refused command changes nothing");
      assertEquals("OK", belay(j, "REPLICAOF", "6", "127.0.0.1", port));
      assertEquals(6L, belay(j, "EPOCH"));
    }
    Sync.awaitLinkUp(node, SYNC);
    try (Jedis j = Redis.connect(master.port())) {
      j.set("through", "the link");
    }
    eventually(SYNC, () -> assertEquals("the link", Redis.get(node.port(), "through")));
    assertEquals("6", Redis.info(node.port(), "replication").get("belay_epoch"));

    node.kill9();
    node.start();
    assertEquals("6", Files.readString(node.dir().resolve("belay-epoch"), StandardCharsets.US_ASCII).trim());
    try (Jedis j = Redis.connect(node.port())) {
      assertEquals(6L, belay(j, "EPOCH"), "the epoch survives kill -9");
      assertFenced(j, "PROMOTE", "5");
      assertFenced(j, "REPLICAOF", "5", "127.0.0.1", port);
      assertEquals("OK", belay(j, "REPLICAOF", "6", "127.0.0.1", port), "the recorded epoch itself may act");
      Sync.awaitLinkUp(node, SYNC);
      assertEquals("OK", belay(j, "PROMOTE", "7"));
      assertEquals("master", Redis.info(node.port(), "replication").get("role"));
      assertEquals(7L, belay(j, "EPOCH"));
    }
  }

  private static Object belay(Jedis j, String... args) {
    Object reply = j.sendCommand(() -> SafeEncoder.encode("BELAY"), args);
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply;
  }

  private static void assertFenced(Jedis j, String... args) {
    JedisDataException e = assertThrows(JedisDataException.class, () -> belay(j, args));
    assertTrue(e.getMessage().startsWith("FENCED "), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldShowBothSidesOfAReplicaOfAReplicaInInfo(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess middle = startReplica(kind, "a", master, "--save", "");
    NodeProcess leaf = startReplica(kind, "b", middle, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      j.set("chained", "yes");
    }
    eventually(SYNC, () -> assertEquals("yes", Redis.get(leaf.port(), "chained")));
    Sync.awaitInSync(master, middle);
    Sync.awaitInSync(middle, leaf);

    eventually(SYNC, () -> {
      Map<String, String> m = Redis.info(master.port(), "replication");
      assertEquals("master", m.get("role"));
      assertEquals("1", m.get("connected_slaves"));
      assertTrue(m.get("slave0").contains("port=" + middle.port() + ",state=online"), m.get("slave0"));

      Map<String, String> a = Redis.info(middle.port(), "replication");
      assertEquals("slave", a.get("role"));
      assertEquals(Integer.toString(master.port()), a.get("master_port"));
      assertEquals("up", a.get("master_link_status"));
      assertEquals("1", a.get("connected_slaves"));
      assertTrue(a.get("slave0").contains("port=" + leaf.port() + ",state=online"), a.get("slave0"));
      assertEquals(m.get("master_replid"), a.get("master_replid"), "the middle replica carries the master's history");

      Map<String, String> b = Redis.info(leaf.port(), "replication");
      assertEquals("slave", b.get("role"));
      assertEquals(Integer.toString(middle.port()), b.get("master_port"));
      assertEquals("0", b.get("connected_slaves"));
      assertEquals(m.get("master_replid"), b.get("master_replid"));
      assertEquals(m.get("master_repl_offset"), b.get("slave_repl_offset"), "the leaf has the master's whole stream");
    });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldNeverServeAnExpiredKeyFromAReplicaEvenBeforeTheMastersDelArrives(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      j.set("stable", "s");
      j.set("volatile", "v", SetParams.setParams().px(200));
      assertEquals(1, j.waitReplicas(1, 5000));
    }
    // a paused master cannot expire the key or send its DEL: the replica decides on its own clock
    master.pause();
    try (Jedis r = Redis.connect(replica.port())) {
      long pttl = r.pttl("volatile");
      long expiredBy = System.currentTimeMillis() + Math.max(pttl, 0);
      boolean seenAfterExpiry = false;
      while (System.currentTimeMillis() < expiredBy + 300) {
        // the time the GET was sent, not when its reply came: a GET run just before the expiry
        // may be answered after it
        long sent = System.currentTimeMillis();
        String value = r.get("volatile");
        if (sent > expiredBy && value != null) {
          seenAfterExpiry = true;
        }
      }
      assertFalse(seenAfterExpiry, "GET returned the key after its expiry time");
      assertNull(r.get("volatile"));
      assertFalse(r.exists("volatile"));
      assertEquals(-2, r.pttl("volatile"));
      assertEquals(Set.of("stable"), r.keys("*"));
      assertEquals(2, r.dbSize(), "the replica keeps the key until the master's DEL: it does not expire keys itself");
    } finally {
      master.resume();
    }
    eventually(SYNC, () -> assertEquals(1L, onDb(replica, 0, Jedis::dbSize), "the master's DEL arrived"));
    Sync.assertIdentical(master, replica);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldReplicateTransactionsAsAUnit(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "");
    try (StreamTap tap = StreamTap.connect(master.port()); Jedis j = Redis.connect(master.port())) {
      tap.send("PSYNC", "?", "-1");
      StreamTap.fullResyncOffset(tap.readLine());
      tap.readRdb();
      Transaction t = j.multi();
      t.incr("a");
      t.set("b", "1");
      t.exec();
      List<String> names = tap.readCommandsThrough("EXEC").stream()
          .map(c -> c.get(0).toUpperCase(Locale.ROOT)).filter(n -> !n.equals("SELECT")).toList();
      assertEquals(List.of("MULTI", "INCR", "SET", "EXEC"), names, "the stream carries the transaction whole");
    }

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<String> torn = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      try (Jedis r = Redis.connect(replica.port())) {
        while (writing.get() && torn.get() == null) {
          List<String> ab = r.mget("x", "y");
          if (ab.get(0) == null ? ab.get(1) != null : !ab.get(0).equals(ab.get(1))) {
            torn.set("x and y differ on the replica: " + abbreviate(ab.get(0)) + " / " + abbreviate(ab.get(1)));
          }
          reads.incrementAndGet();
        }
      }
    });
    reader.start();
    try (Jedis j = Redis.connect(master.port())) {
      String pad = "p".repeat(3000);
      for (int i = 0; i < 3000 && torn.get() == null; i++) {
        Transaction t = j.multi();
        t.set("x", i + pad);
        t.set("y", i + pad);
        t.exec();
      }
    } finally {
      writing.set(false);
      reader.join();
    }
    assertNull(torn.get());
    assertTrue(reads.get() > 0);
    Sync.assertIdentical(master, replica);
  }

  private static String abbreviate(String s) {
    return s == null ? null : s.substring(0, Math.min(12, s.length())) + "...";
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldReplicateFlushallAndWritesAcrossDatabases(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      for (int db : new int[] {0, 1, 5, 15}) {
        j.select(db);
        j.set("string", "in db " + db);
        j.rpush("list", "a", "b", Integer.toString(db));
        j.hset("hash", Map.of("db", Integer.toString(db)));
        j.sadd("set", "x", "y");
        j.zadd("zset", db, "m");
        j.set("volatile", "v", SetParams.setParams().ex(3600));
      }
      Sync.assertIdentical(master, replica);
      assertEquals("in db 15", onDb(replica, 15, r -> r.get("string")));

      j.select(5);
      j.flushDB();
      j.swapDB(0, 1);
      j.select(1);
      j.move("list", 2);
      j.copy("hash", "hash-copy", 3, false);
      Sync.assertIdentical(master, replica);
      assertEquals(0L, onDb(replica, 5, Jedis::dbSize));
      assertEquals("in db 0", onDb(replica, 1, r -> r.get("string")), "SWAPDB reached the replica");

      j.flushAll();
      j.select(3);
      j.set("after", "flushall");
      j.select(0);
      j.set("zero", "again");
      Sync.assertIdentical(master, replica);
      Dataset d = Dataset.of(replica.port());
      assertEquals(Set.of(0, 3), d.databases());
      assertEquals(2, d.keyCount());
    }
  }

  private interface JedisCall<T> {
    T call(Jedis j);
  }

  private static <T> T onDb(NodeProcess node, int db, JedisCall<T> call) {
    try (Jedis j = Redis.connect(node.port())) {
      j.select(db);
      return call.call(j);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldResyncFullyAReplicaRestartedBeyondTheBacklog(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "3600 1");
    try (Jedis j = Redis.connect(master.port())) {
      j.configSet("repl-backlog-size", "16kb");
      assertEquals("16384", Redis.info(master.port(), "replication").get("repl_backlog_size"));
      write(j, "before", 10, 100);
      Sync.awaitInSync(master, replica);

      // within the backlog, a restarted replica continues where it stopped
      long partial = Sync.stat(master, "sync_partial_ok");
      long full = Sync.stat(master, "sync_full");
      long refused = Sync.stat(master, "sync_partial_err");
      Sync.shutdown(replica);
      write(j, "short-outage", 10, 100);
      replica.start();
      Sync.awaitInSync(master, replica);
      assertEquals(partial + 1, Sync.stat(master, "sync_partial_ok"), "a short outage resyncs partially");
      assertEquals(full, Sync.stat(master, "sync_full"));

      // beyond it, the replica's offset is gone from the backlog: only a full resync will do
      Sync.shutdown(replica);
      write(j, "long-outage", 256, 1024);
      replica.start();
      Sync.awaitInSync(master, replica);
      assertEquals(full + 1, Sync.stat(master, "sync_full"), "an outage longer than the backlog resyncs fully");
      assertEquals(partial + 1, Sync.stat(master, "sync_partial_ok"));
      assertEquals(refused + 1, Sync.stat(master, "sync_partial_err"), "the master refused the replica's offset");
    }
    Sync.assertIdentical(master, replica);
  }

  /**
   * A master without persistence that a supervisor restarts at once comes back empty. A
   * redis-server replica copies the empty dataset at its next sync and loses everything (the
   * oracle shows it); a Belay replica keeps its data, stays disconnected and waits for a
   * REPLICAOF, so that the election (or an operator) can promote it instead.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldKeepItsDataWhenItsMasterComesBackEmptyUnlessItIsRedis(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "", "--appendonly", "no");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      write(j, "precious", 100, 100);
    }
    Sync.awaitInSync(master, replica);
    master.kill9();
    master.start();
    // the replica reconnects within a second or so and asks for a sync the master counts
    eventually(SYNC, () -> assertTrue(Sync.stat(master, "sync_full") >= 1, "the replica came back for a sync"));
    try (Jedis r = Redis.connect(replica.port())) {
      if (kind == ServerKind.REDIS) {
        eventually(SYNC, () -> assertEquals(0, r.dbSize(), "redis-server copies the empty master"));
        return;
      }
      eventually(SYNC, () -> assertTrue(Sync.stat(master, "sync_full") >= 2, "it was refused, and came back"));
      assertEquals(100, r.dbSize(), "the Belay replica kept its data");
      assertEquals("down", Redis.info(replica.port(), "replication").get("master_link_status"));
      r.replicaofNoOne();
      assertEquals(100, r.dbSize());
      assertEquals("OK", r.set("after", "promotion"));
    }
  }

  private static void write(Jedis j, String prefix, int keys, int valueBytes) {
    String value = "v".repeat(valueBytes);
    try (Pipeline p = j.pipelined()) {
      for (int i = 0; i < keys; i++) {
        p.set(prefix + ":" + i, value);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldDisconnectAReplicaThatStopsReadingAndResyncItWhenItResumes(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    NodeProcess replica = startReplica(kind, "r", master, "--save", "");
    try (Jedis j = Redis.connect(master.port())) {
      j.configSet("client-output-buffer-limit", "slave 1mb 512kb 5");
      write(j, "before", 100, 100);
      Sync.awaitInSync(master, replica);
      long full = Sync.stat(master, "sync_full");
      replica.pause();
      try {
        // 32 MB: more than the kernel's socket buffers can hide, far more than the 1 MB limit
        for (int batch = 0; batch < 8; batch++) {
          write(j, "while-paused-" + batch, 512, 8192);
        }
        eventually(SYNC, () -> assertEquals("0", Redis.info(master.port(), "replication").get("connected_slaves"),
            "the master dropped the replica over its output buffer limit"));
      } finally {
        replica.resume();
      }
      Sync.awaitInSync(master, replica);
      assertTrue(Sync.stat(master, "sync_full") > full, "the dropped replica resynced fully");
    }
    Sync.assertIdentical(master, replica);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerKind.class)
  void shouldEndIdenticalWhenWritesContinueThroughAFullSync(ServerKind kind) throws Exception {
    NodeProcess master = start(kind, "m", "--save", "");
    try (Jedis j = new Jedis("127.0.0.1", master.port(), 60_000)) {
      MixedWriter.preload(j, 4);
    }
    try (MixedWriter writer = MixedWriter.start(master.port(), 4)) {
      writer.awaitOps(2000);
      // two replicas at once: the second arrives while the first one's snapshot is being made
      NodeProcess a = start(kind, "a", "--save", "");
      NodeProcess b = start(kind, "b", "--save", "");
      try (Jedis ja = Redis.connect(a.port()); Jedis jb = Redis.connect(b.port())) {
        ja.replicaof("127.0.0.1", master.port());
        jb.replicaof("127.0.0.1", master.port());
      }
      Sync.awaitLinkUp(a, SYNC);
      Sync.awaitLinkUp(b, SYNC);
      writer.awaitOps(writer.ops() + 2000);
      writer.stop();
      Sync.assertIdentical(master, a, b);
    }
  }

  /**
   * Keeps changing a preloaded dataset with commands whose effect depends on what is there
   * (INCR, APPEND, RPUSH, LPOP, HINCRBY, ZINCRBY, SREM, DEL...), across databases, so a
   * replica that misses a command or applies one twice ends up with different data.
   */
  static final class MixedWriter extends BackgroundWriter {

    private final int port;
    private final int databases;

    private MixedWriter(int port, int databases) {
      super("mixed-writer");
      this.port = port;
      this.databases = databases;
    }

    static void preload(Jedis j, int databases) {
      String value = "x".repeat(512);
      for (int db = 0; db < databases; db++) {
        j.select(db);
        try (Pipeline p = j.pipelined()) {
          for (int i = 0; i < 5000; i++) {
            p.set("s:" + i, value + i);
          }
          for (int i = 0; i < 200; i++) {
            p.rpush("l:" + i, "a", "b", "c", Integer.toString(i));
            p.hset("h:" + i, Map.of("f1", "1", "f2", "two"));
            p.zadd("z:" + i, i, "m");
            p.sadd("t:" + i, "1", "2", "three");
            p.set("c:" + i, Integer.toString(i));
          }
        }
      }
    }

    static MixedWriter start(int port, int databases) {
      MixedWriter w = new MixedWriter(port, databases);
      w.start();
      return w;
    }

    void awaitOps(long count) throws Exception {
      awaitOps(count, Duration.ofSeconds(60));
    }

    @Override
    protected void write() {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      try (Jedis j = new Jedis("127.0.0.1", port, 60_000)) {
        long n = 0;
        while (running()) {
          j.select(rnd.nextInt(databases));
          int i = rnd.nextInt(200);
          switch (rnd.nextInt(12)) {
            case 0 -> j.incr("c:" + i);
            case 1 -> j.append("s:" + rnd.nextInt(5000), "+");
            case 2 -> j.rpush("l:" + i, Long.toString(n));
            case 3 -> j.lpop("l:" + i);
            case 4 -> j.hincrBy("h:" + i, "f1", 3);
            case 5 -> j.zincrby("z:" + i, 1.5, "m");
            case 6 -> j.sadd("t:" + i, Long.toString(n % 50));
            case 7 -> j.srem("t:" + i, Long.toString(rnd.nextInt(50)));
            case 8 -> j.del("s:" + rnd.nextInt(5000));
            case 9 -> j.set("new:" + n, "v", SetParams.setParams().ex(3600));
            case 10 -> j.expire("s:" + rnd.nextInt(5000), 3600);
            default -> {
              Transaction t = j.multi();
              t.incr("c:" + i);
              t.rpush("l:" + i, "tx" + n);
              t.exec();
            }
          }
          n++;
          wrote();
        }
      }
    }
  }
}
