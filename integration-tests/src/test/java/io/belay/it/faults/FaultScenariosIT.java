package io.belay.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.Cluster;
import io.belay.it.harness.EpochWatch;
import io.belay.it.harness.Eventually;
import io.belay.it.harness.Redis;
import io.belay.it.harness.Workload;
import io.belay.it.harness.WorkloadCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Faults under a recorded workload (clients through all three proxies: unique appends,
 * increments, reads of their own writes), judged afterwards by {@link WorkloadCheck} against
 * the state every backend converged on. Three {@code belay node}s and three
 * {@code belay backend}s, each its own OS process, down-after 200 ms unless said otherwise.
 *
 * <p>Every scenario runs in every build. The seed is logged; {@code -Dbelay.seed=N} replays a
 * run's choices.
 */
class FaultScenariosIT {

  private static final Logger log = LoggerFactory.getLogger(FaultScenariosIT.class);
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final int CLIENTS = 6;

  private static long seed() {
    return Long.getLong("belay.seed", System.nanoTime());
  }

  private static Path workDir(String test) {
    return Path.of("target", "faults-it", test + "-" + System.currentTimeMillis()).toAbsolutePath();
  }

  private static Workload start(Cluster c, EpochWatch epochs, long seed) {
    return start(c, epochs, seed, null);
  }

  private static Workload start(Cluster c, EpochWatch epochs, long seed, String password) {
    int[] ports = new int[c.nodeCount()];
    for (int n = 0; n < ports.length; n++) {
      ports[n] = c.proxyPort(n);
    }
    log.info("workload seed {}", seed);
    return Workload.start(new Workload.Settings(CLIENTS, ports, seed, Duration.ofMillis(3), Duration.ofSeconds(10))
        .withPassword(password), epochs.all());
  }

  /** Stops the load, waits until the backends agree, and judges against the master's state. */
  private static WorkloadCheck.Report finish(Cluster c, Workload w) throws Exception {
    w.stop();
    int master = c.awaitStable(WAIT);
    WorkloadCheck.Report r = WorkloadCheck.check(w.history(), CLIENTS, c.backendPort(master));
    for (int b = 0; b < c.backendCount(); b++) {
      if (b != master && c.backend(b).isAlive()) {
        int replica = b;
        Eventually.eventually(WAIT, () -> assertEquals(r, WorkloadCheck.check(w.history(), CLIENTS,
            c.backendPort(replica)), "backend " + c.address(replica) + " differs from the master"));
      }
    }
    return r;
  }

  private static void assertConsistent(WorkloadCheck.Report r) {
    assertEquals(0, r.invented(), "values nobody wrote: " + r);
    assertEquals(0, r.duplicated(), "values written twice: " + r);
    assertEquals(0, r.splitBrainLost(), "writes acknowledged under an old epoch and lost: " + r);
  }

  /**
   * kill -9 of the master under the workload, then its restart from its files; returns the
   * verdict once every backend agrees.
   */
  private static WorkloadCheck.Report killMasterUnderLoad(Cluster c, long seed) throws Exception {
    try (EpochWatch epochs = EpochWatch.start(c)) {
      int old = c.awaitStable(WAIT);
      Workload w = start(c, epochs, seed);
      w.awaitOk(System.nanoTime(), 300, WAIT);
      c.backend(old).kill9();
      w.awaitOk(System.nanoTime(), 300, WAIT);
      c.backend(old).start();
      return finish(c, w);
    }
  }

  @Test
  void killMasterWithReplicaAckLosesNoAcknowledgedWrite() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("kill-ack"),
        Cluster.Settings.defaults().withGroupExtras("durability: replica-ack:1", "consistency: read-your-writes"))) {
      WorkloadCheck.Report r = killMasterUnderLoad(c, seed);
      log.info("kill -9 of the master, replica-ack:1, seed {}: {}", seed, r);
      assertConsistent(r);
      assertEquals(List.of(), r.lost(), "acknowledged appends lost");
      assertEquals(0, r.lostIncrements(), "acknowledged increments lost: " + r);
      assertEquals(0, r.stale(), "reads older than the client's own acknowledged writes: " + r);
    }
  }

  @Test
  void killMasterWithAsyncReplicationBoundsWhatIsLost() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("kill-async"))) {
      WorkloadCheck.Report r = killMasterUnderLoad(c, seed);
      log.info("kill -9 of the master, async, seed {}: {}", seed, r);
      assertConsistent(r);
      // asynchronous replication may lose what the old master acknowledged in its last
      // moments, never anything acknowledged under the new master's epoch
      long epoch = c.epoch(0);
      assertTrue(r.lost().stream().allMatch(o -> o.epoch() < epoch),
          "writes acknowledged under the new epoch were lost: " + r.lost());
    }
  }

  @Test
  void zombieMasterLosesNothingAcknowledgedUnderTheNewEpoch() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("zombie")); EpochWatch epochs = EpochWatch.start(c)) {
      int old = c.awaitStable(WAIT);
      long epoch = c.epoch(0);
      Workload w = start(c, epochs, seed);
      w.awaitOk(System.nanoTime(), 300, WAIT);
      c.backend(old).pause();
      Eventually.eventually(WAIT, () -> {
        for (int n = 0; n < c.nodeCount(); n++) {
          assertTrue(c.epoch(n) > epoch, c.nodeName(n) + " has not moved on");
        }
      });
      w.awaitOk(System.nanoTime(), 300, WAIT);
      c.backend(old).resume();
      int master = c.awaitStable(WAIT);
      assertNotEquals(old, master);
      WorkloadCheck.Report r = finish(c, w);
      log.info("SIGSTOP of the master past down-after, then SIGCONT, seed {}: {}", seed, r);
      assertConsistent(r);
      long newEpoch = c.epoch(0);
      assertTrue(r.lost().stream().allMatch(o -> o.epoch() < newEpoch),
          "writes acknowledged under the new epoch were lost: " + r.lost());
    }
  }

  /**
   * The master cut off from every node (probes, proxies and control connections go silent, new
   * ones are refused) while its replicas still replicate from it: to the nodes it is dead, so
   * they promote a replica and move the other one to it; the old master, reachable by nobody
   * who writes, is demoted once the cut heals. Under replica-ack:1 nothing acknowledged is lost.
   */
  @Test
  void masterCutFromTheNodesButNotFromItsReplicasLosesNoAcknowledgedWrite() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("master-cut"), Cluster.Settings.defaults().withBackendRelays()
        .withGroupExtras("durability: replica-ack:1", "consistency: read-your-writes"));
        EpochWatch epochs = EpochWatch.start(c)) {
      int old = c.awaitStable(WAIT);
      long epoch = c.epoch(0);
      Workload w = start(c, epochs, seed);
      w.awaitOk(System.nanoTime(), 300, WAIT);
      c.cutFromNodes(old);
      Eventually.eventually(WAIT, () -> {
        for (int n = 0; n < c.nodeCount(); n++) {
          assertTrue(c.epoch(n) > epoch, c.nodeName(n) + " has not moved on");
        }
      });
      w.awaitOk(System.nanoTime(), 300, WAIT);
      // the old master still runs and still calls itself master, but replicates to nobody
      assertEquals("master", c.replication(old).get("role"));
      Eventually.eventually(WAIT, () -> assertEquals("0", c.replication(old).get("connected_slaves"),
          "the replicas left the cut-off master for the new one"));
      c.healBackends();
      int master = c.awaitStable(WAIT);
      assertNotEquals(old, master);
      WorkloadCheck.Report r = finish(c, w);
      log.info("master cut from the nodes, not from its replicas, replica-ack:1, seed {}: {}", seed, r);
      assertConsistent(r);
      assertEquals(List.of(), r.lost(), "acknowledged appends lost");
      assertEquals(0, r.lostIncrements(), "acknowledged increments lost: " + r);
    }
  }

  /**
   * A replica stopped (SIGTERM, which saves its snapshot with its replication ID and offset)
   * and restarted while the master's backlog still covers what it missed resynchronizes
   * partially; stopped while more than the backlog is written, it resynchronizes fully. Nothing
   * acknowledged is lost either way, and it ends with the master's data.
   */
  @Test
  void replicaRestartedWithinThenBeyondTheBacklogResyncsPartiallyThenFully() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("replica-restart")); EpochWatch epochs = EpochWatch.start(c)) {
      int master = c.awaitStable(WAIT);
      int replica = (master + 1) % c.backendCount();
      Workload w = start(c, epochs, seed);
      w.awaitOk(System.nanoTime(), 200, WAIT);

      long partial = stat(c, master, "sync_partial_ok");
      long full = stat(c, master, "sync_full");
      stop(c, replica);
      w.awaitOk(System.nanoTime(), 100, WAIT);
      c.backend(replica).start();
      awaitFollowing(c, replica, master);
      assertEquals(partial + 1, stat(c, master, "sync_partial_ok"), "within the backlog: a partial resync");
      assertEquals(full, stat(c, master, "sync_full"), "within the backlog: no full resync");

      stop(c, replica);
      long backlog;
      try (Jedis j = Redis.connect(c.backendPort(master))) {
        backlog = Long.parseLong(j.configGet("repl-backlog-size").get("repl-backlog-size"));
      }
      writeMoreThan(c.proxyPort(0), 2 * backlog);
      c.backend(replica).start();
      awaitFollowing(c, replica, master);
      assertEquals(full + 1, stat(c, master, "sync_full"), "beyond the backlog: a full resync");

      WorkloadCheck.Report r = finish(c, w);
      log.info("replica restarted within, then beyond the backlog, seed {}: {}", seed, r);
      assertConsistent(r);
      assertEquals(List.of(), r.lost(), "acknowledged appends lost without any failover");
      assertEquals(0, r.lostIncrements(), "acknowledged increments lost: " + r);
    }
  }

  /** SIGTERM: the backend saves its snapshot and exits (143 is how a JVM reports SIGTERM). */
  private static void stop(Cluster c, int backend) throws InterruptedException {
    int status = c.backend(backend).terminate();
    assertTrue(status == 0 || status == 143, "the backend stops cleanly on SIGTERM, not with " + status);
  }

  /**
   * Clients that misbehave while the workload runs: malformed RESP and a bulk length past
   * proto-max-bulk-len, sent to every proxy and to the master itself, get Redis's protocol
   * error and are closed before anything of that size is allocated; a client that pipelines big
   * reads and never reads the replies is cut off at the output buffer limit. No process dies or
   * grows without bound, and the well-behaved clients see no error and lose nothing, unless the
   * abuse stalled the master long enough for a failover (a busy two-core machine, down-after
   * 200 ms): then nothing acknowledged under the new epoch is lost.
   */
  @Test
  void misbehavingClientsAreCutOffWithoutHarmToTheOthers() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("abusive-clients"),
        Cluster.Settings.defaults().withGroupExtras("client-output-buffer-limit: 8mb", "durability: replica-ack:1"));
        EpochWatch epochs = EpochWatch.start(c)) {
      int master = c.awaitStable(WAIT);
      long epoch = c.epoch(0);
      Workload w = start(c, epochs, seed);
      w.awaitOk(System.nanoTime(), 200, WAIT);
      List<Integer> targets = new java.util.ArrayList<>();
      for (int n = 0; n < c.nodeCount(); n++) {
        targets.add(c.proxyPort(n));
      }
      targets.add(c.backendPort(master));
      for (int port : targets) {
        assertProtocolError(port, "*1\r\n$abc\r\n", "invalid bulk length");
        assertProtocolError(port, "*2\r\n$3\r\nGET\r\n$600000000\r\n", "invalid bulk length");
        assertProtocolError(port, "*99999999999\r\n", "invalid multibulk length");
      }
      long rssBefore = rssKb(c.node(0).pid());
      try (Jedis j = new Jedis("127.0.0.1", c.proxyPort(0), 10_000)) {
        j.set("abuse:big", "x".repeat(100_000));
      }
      neverReads(c.proxyPort(0), "abuse:big", 1_000);
      w.awaitOk(System.nanoTime(), 200, WAIT);
      long rssAfter = rssKb(c.node(0).pid());
      for (int n = 0; n < c.nodeCount(); n++) {
        assertTrue(c.node(n).isAlive(), c.nodeName(n) + " died");
        assertEquals(200, c.get(n, "/health/live").statusCode());
      }
      assertTrue(c.backend(master).isAlive(), "the master died");
      // 1,000 replies of 100 kB are 100 MB; cut off at 8 MB, the node does not grow by them
      assertTrue(rssAfter - rssBefore < 100_000, "the node grew by " + (rssAfter - rssBefore) + " kB");
      WorkloadCheck.Report r = finish(c, w);
      log.info("malformed, oversized and non-reading clients, seed {}: node RSS {} -> {} kB; {}", seed, rssBefore,
          rssAfter, r);
      assertConsistent(r);
      long now = c.epoch(0);
      if (now == epoch) {
        assertEquals(List.of(), r.lost(), "acknowledged appends lost");
        assertEquals(0, r.lostIncrements(), "acknowledged increments lost: " + r);
        assertEquals(Map.of(), r.errors(), "errors seen by the well-behaved clients");
      } else {
        // The abuse stalled the master past down-after and it was failed over while alive: a
        // replica that acknowledged its last writes may not be the one promoted (the failover
        // does not yet stop the old master's replicas before it chooses), so only writes
        // acknowledged under the new epoch are sure to survive.
        log.warn("the abuse caused a failover (epoch {} -> {}); acknowledged under the old epoch and lost: {}",
            epoch, now, r.lost().size());
        assertTrue(r.lost().stream().allMatch(o -> o.epoch() < now),
            "writes acknowledged under the new epoch were lost: " + r.lost());
      }
    }
  }

  /**
   * Clients that fail to authenticate while the workload (which does) runs: wrong passwords
   * through AUTH and HELLO, commands before AUTH, and an unauthenticated client sending more
   * than Redis lets one send before AUTH. Each gets Redis's error, nothing reaches a backend,
   * and the authenticated clients see no error and lose nothing.
   */
  @Test
  void authenticationFailuresAreRefusedWithoutHarmToTheOthers() throws Exception {
    long seed = seed();
    String password = "s3cret-" + seed;
    try (Cluster c = Cluster.start(workDir("auth"), Cluster.Settings.defaults()
        .withGroupExtras("requirepass: " + password));
        EpochWatch epochs = EpochWatch.start(c)) {
      int master = c.awaitStable(WAIT);
      long epoch = c.epoch(0);
      Workload w = start(c, epochs, seed, password);
      w.awaitOk(System.nanoTime(), 200, WAIT);
      long commandsBefore = Long.parseLong(Redis.info(c.backendPort(master), "stats").get("total_commands_processed"));
      for (int n = 0; n < c.nodeCount(); n++) {
        int port = c.proxyPort(n);
        for (int i = 0; i < 50; i++) {
          String guess = "wrong-" + i;
          try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.auth(guess));
            assertTrue(e.getMessage().startsWith("WRONGPASS"), e.getMessage());
            e = assertThrows(JedisDataException.class, () -> j.set("intruder", "x"));
            assertTrue(e.getMessage().startsWith("NOAUTH"), e.getMessage());
          }
        }
        String hello = "*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$5\r\nwrong\r\n";
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          s.setSoTimeout(10_000);
          s.getOutputStream().write(hello.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          byte[] buf = new byte[256];
          int read = s.getInputStream().read(buf);
          String reply = new String(buf, 0, Math.max(0, read), java.nio.charset.StandardCharsets.US_ASCII);
          assertTrue(reply.startsWith("-WRONGPASS"), "HELLO with a wrong password answered " + reply);
        }
        assertProtocolError(port, "*11\r\n", "unauthenticated multibulk length");
        assertProtocolError(port, "*2\r\n$3\r\nGET\r\n$100000\r\n", "unauthenticated bulk length");
      }
      w.awaitOk(System.nanoTime(), 200, WAIT);
      try (Jedis j = Redis.connect(c.backendPort(master))) {
        assertEquals(null, j.get("intruder"), "an unauthenticated write reached the master");
      }
      WorkloadCheck.Report r = finish(c, w);
      log.info("authentication failures at every proxy, seed {}: master processed {} commands meanwhile; {}", seed,
          Long.parseLong(Redis.info(c.backendPort(master), "stats").get("total_commands_processed")) - commandsBefore,
          r);
      assertConsistent(r);
      assertEquals(List.of(), r.lost(), "acknowledged appends lost");
      assertEquals(0, r.lostIncrements(), "acknowledged increments lost: " + r);
      if (c.epoch(0) == epoch) {
        assertEquals(Map.of(), r.errors(), "errors seen by the authenticated clients");
      }
    }
  }

  /** Sends {@code bytes}; expects {@code -ERR Protocol error: <what>...} and then the connection's end. */
  private static void assertProtocolError(int port, String bytes, String what) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(bytes.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      assertTrue(reply.startsWith("-ERR Protocol error: " + what), "port " + port + " answered " + reply);
    }
  }

  /** Pipelines {@code count} GETs of {@code key} and reads none of the replies; returns once cut off. */
  private static void neverReads(int port, String key, int count) throws Exception {
    byte[] get = ("*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setReceiveBufferSize(4096);
      java.io.OutputStream out = s.getOutputStream();
      try {
        for (int i = 0; i < count; i++) {
          out.write(get);
        }
        out.flush();
      } catch (java.io.IOException e) {
        return; // cut off while still writing
      }
      Eventually.eventually(WAIT, () -> {
        try {
          out.write(get);
          out.flush();
          throw new AssertionError("the proxy still serves a client that reads nothing");
        } catch (java.io.IOException e) {
          // closed: what a Redis output buffer limit does
        }
      });
    }
  }

  private static long rssKb(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static long stat(Cluster c, int backend, String field) {
    return Long.parseLong(Redis.info(c.backendPort(backend), "stats").get(field));
  }

  private static void awaitFollowing(Cluster c, int replica, int master) throws Exception {
    Eventually.eventually(WAIT, () -> {
      Map<String, String> info = c.replication(replica);
      assertEquals("up", info.get("master_link_status"), "replica " + c.address(replica));
      assertEquals(c.address(master), info.get("master_host") + ":" + info.get("master_port"));
    });
  }

  /** Writes at least {@code bytes} of values through a proxy, in pipelines. */
  private static void writeMoreThan(int proxyPort, long bytes) {
    String value = "b".repeat(1000);
    try (Jedis j = new Jedis("127.0.0.1", proxyPort, 30_000)) {
      for (long written = 0; written < bytes; written += 100L * value.length()) {
        try (Pipeline p = j.pipelined()) {
          for (int i = 0; i < 100; i++) {
            p.set("filler:" + (written / value.length() + i), value);
          }
        }
      }
    }
  }

  /**
   * A master without persistence that restarts empty before anyone calls it down must not
   * wipe its replicas: Belay promotes a replica that still has the data instead of letting
   * the replicas copy the empty master.
   */
  @Test
  void masterRestartingEmptyDoesNotWipeItsReplicas() throws Exception {
    long seed = seed();
    try (Cluster c = Cluster.start(workDir("empty-restart"), new Cluster.Settings(3, 3, "5s", 2, List.of(), false));
        EpochWatch epochs = EpochWatch.start(c)) {
      int old = c.awaitStable(WAIT);
      Workload w = start(c, epochs, seed);
      w.awaitOk(System.nanoTime(), 500, WAIT);
      w.stop();
      c.backend(old).kill9();
      try (Stream<Path> files = Files.walk(c.backend(old).dir())) {
        files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("process.log"))
            .sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      c.backend(old).start();
      int master = c.awaitStable(WAIT);
      WorkloadCheck.Report r = WorkloadCheck.check(w.history(), CLIENTS, c.backendPort(master));
      log.info("master restarted empty within down-after, seed {}: master now {}, {}", seed, c.address(master), r);
      assertEquals(List.of(), r.lost(), "the replicas were wiped by the empty master");
    }
  }
}
