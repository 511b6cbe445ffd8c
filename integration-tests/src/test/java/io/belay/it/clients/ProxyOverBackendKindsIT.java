package io.belay.it.clients;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.AckedWriter;
import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;

/**
 * The proxy with a real client (Jedis) in front of each kind of backend: three {@code belay
 * backend} processes, or three stock {@code redis-server} processes, behind one {@code belay
 * node}. Where requests land is read from each backend's own {@code INFO commandstats}, not from
 * the proxy's word. The group is shared by the tests of one backend kind; the kill -9 of the
 * master comes last.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BackendKind.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyOverBackendKindsIT {

  /** Write-then-read rounds a read-your-writes run makes at the least, however slow the machine. */
  private static final int MIN_ROUNDS = 200;

  /** Shared by both backend kinds; kept when a test failed, for the processes' logs. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path tmp;

  private static ProxiedGroup group;

  @Parameter
  BackendKind kind;

  @BeforeParameterizedClassInvocation
  static void startGroup(BackendKind kind) throws Exception {
    long started = System.nanoTime();
    group = ProxiedGroup.start(tmp.resolve(kind.name().toLowerCase()), kind, "read-policy: replica", "consistency: eventual");
    System.out.printf("%s: group with its node ready in %d ms%n", kind, millisSince(started));
  }

  @AfterParameterizedClassInvocation
  static void stopGroup() {
    if (group != null) {
      group.close();
      group = null;
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static Jedis proxy() {
    return new Jedis("127.0.0.1", group.proxyPort(), 10_000);
  }

  private static List<CommandStats> stats() {
    List<CommandStats> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(CommandStats.of(group.backendPort(i)));
    }
    return out;
  }

  /** Waits until both replicas hold {@code key} with {@code value}, so that any read may go anywhere. */
  private static void awaitReplicated(int master, String key, String value) throws Exception {
    for (int i = 0; i < 3; i++) {
      if (i == master) {
        continue;
      }
      int port = group.backendPort(i);
      eventually(Duration.ofSeconds(30), () -> assertEquals(value, Redis.get(port, key), "replica on " + port));
    }
  }

  @Test
  @Order(1)
  void shouldSendWritesToTheMasterAndReadsWhereTheReadPolicySays() throws Exception {
    int master = group.master();
    int n = 300;
    String prefix = "policy:" + kind + ":";
    List<CommandStats> before = stats();
    try (Jedis j = proxy()) {
      for (int i = 0; i < n; i++) {
        assertEquals("OK", j.set(prefix + i, "v" + i));
      }
    }
    List<CommandStats> after = stats();
    assertEquals(n, after.get(master).callsSince(before.get(master), "set"), "every SET ran on the master");
    for (int i = 0; i < 3; i++) {
      assertEquals(0, after.get(i).refusedSince(before.get(i), "set"), "no SET was refused by " + group.address(i));
    }
    awaitReplicated(master, prefix + (n - 1), "v" + (n - 1));

    for (String policy : List.of("replica", "prefer-replica", "any", "master")) {
      group.routing("{\"readPolicy\":\"" + policy + "\",\"consistency\":\"eventual\"}");
      before = stats();
      try (Jedis j = proxy()) {
        for (int i = 0; i < n; i++) {
          assertEquals("v" + i, j.get(prefix + i), "GET through the proxy under " + policy);
        }
      }
      after = stats();
      long[] gets = new long[3];
      for (int i = 0; i < 3; i++) {
        gets[i] = after.get(i).callsSince(before.get(i), "get");
      }
      System.out.printf("%s: %d GETs under read-policy %s: master %d, replicas %d and %d%n", kind, n, policy,
          gets[master], gets[(master + 1) % 3], gets[(master + 2) % 3]);
      assertEquals(n, gets[0] + gets[1] + gets[2], "every GET ran once, somewhere");
      switch (policy) {
        case "master" -> assertEquals(n, gets[master], "read-policy master reads from the master only");
        case "any" -> {
          for (int i = 0; i < 3; i++) {
            assertTrue(gets[i] >= n / 10, "read-policy any spreads reads over all three: " + group.address(i));
          }
        }
        default -> {
          assertEquals(0, gets[master], "read-policy " + policy + " with healthy replicas leaves the master alone");
          for (int i = 0; i < 3; i++) {
            if (i != master) {
              assertTrue(gets[i] >= n / 6, "read-policy " + policy + " spreads reads over both replicas: "
                  + group.address(i) + " served " + gets[i]);
            }
          }
        }
      }
    }
    group.routing("{\"readPolicy\":\"replica\",\"consistency\":\"eventual\"}");
  }

  @Test
  @Order(2)
  void shouldNeverReadAnOlderValueOfAKeyTheClientJustWroteUnderReadYourWrites() throws Exception {
    int master = group.master();
    group.routing("{\"readPolicy\":\"replica\",\"consistency\":\"read-your-writes\"}");
    List<CommandStats> before = stats();
    ReadYourWritesRun run = readYourWritesRun("ryw", Duration.ofSeconds(4));
    List<CommandStats> after = stats();
    long replicaGets = 0;
    for (int i = 0; i < 3; i++) {
      if (i != master) {
        replicaGets += after.get(i).callsSince(before.get(i), "get");
      }
    }
    long masterGets = after.get(master).callsSince(before.get(master), "get");
    System.out.printf("%s: read-your-writes under load: %d write-then-read rounds, %d loader writes, "
        + "GETs on the master %d, on replicas %d, stale reads %d (first: %s)%n", kind, run.rounds, run.loaderWrites,
        masterGets, replicaGets, run.stale.get(), run.firstStale.get());
    assertEquals(0, run.stale.get(), "a client read an older value of a key it had just written: " + run.firstStale.get());
    assertTrue(run.rounds >= MIN_ROUNDS, "the clients made progress: " + run.rounds + " rounds");
    assertTrue(replicaGets > 0, "replicas served reads once they had the client's writes, or the property is vacuous");

    // The same load with consistency eventual, for the log: what the guarantee above prevents.
    group.routing("{\"readPolicy\":\"replica\",\"consistency\":\"eventual\"}");
    ReadYourWritesRun eventual = readYourWritesRun("eventual", Duration.ofSeconds(2));
    System.out.printf("%s: the same load under consistency eventual: %d rounds, stale reads %d (first: %s)%n", kind,
        eventual.rounds, eventual.stale.get(), eventual.firstStale.get());
  }

  /** What one read-your-writes run saw. */
  private static final class ReadYourWritesRun {
    final AtomicLong stale = new AtomicLong();
    final AtomicReference<String> firstStale = new AtomicReference<>();
    long rounds;
    long loaderWrites;
  }

  /**
   * Loader threads pipeline large writes to other keys so that replicas trail the master, while
   * checker threads each write their own key and read it back at once and after a short pause.
   * Only its own client writes a checker's key, so any value but the last one written is stale.
   * The load runs for {@code length} and at least {@link #MIN_ROUNDS} rounds; the checkers then go
   * on for a quiet second in which replicas catch up and serve reads.
   */
  private ReadYourWritesRun readYourWritesRun(String name, Duration length) throws Exception {
    ReadYourWritesRun run = new ReadYourWritesRun();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicBoolean checking = new AtomicBoolean(true);
    AtomicLong rounds = new AtomicLong();
    AtomicLong loaderWrites = new AtomicLong();
    AtomicReference<Throwable> crashed = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    String payload = "x".repeat(4096);
    for (int t = 0; t < 2; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        try (Jedis j = proxy()) {
          long i = 0;
          while (loading.get()) {
            Pipeline p = j.pipelined();
            for (int k = 0; k < 50; k++) {
              p.set(name + ":load:" + id + ":" + (i++ % 500), payload);
            }
            p.sync();
            loaderWrites.addAndGet(50);
          }
        } catch (Throwable e) {
          crashed.compareAndSet(null, e);
        }
      }, "loader-" + t));
    }
    for (int t = 0; t < 4; t++) {
      String key = name + ":own:" + kind + ":" + t;
      threads.add(new Thread(() -> {
        try (Jedis j = proxy()) {
          long v = 0;
          while (checking.get()) {
            v++;
            j.set(key, Long.toString(v));
            for (int read = 0; read < 3; read++) {
              if (read == 2) {
                Thread.sleep(5);
              }
              String got = j.get(key);
              if (!Long.toString(v).equals(got)) {
                run.stale.incrementAndGet();
                run.firstStale.compareAndSet(null, key + " wrote " + v + ", read " + got);
              }
            }
            rounds.incrementAndGet();
          }
        } catch (Throwable e) {
          crashed.compareAndSet(null, e);
        }
      }, "checker-" + t));
    }
    threads.forEach(Thread::start);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Thread.sleep(length.toMillis());
    while (rounds.get() < MIN_ROUNDS && System.nanoTime() < deadline && crashed.get() == null) {
      Thread.sleep(100);
    }
    loading.set(false);
    Thread.sleep(1000);
    checking.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
    if (crashed.get() != null) {
      throw new AssertionError("a client failed", crashed.get());
    }
    run.rounds = rounds.get();
    run.loaderWrites = loaderWrites.get();
    return run;
  }

  @Test
  @Order(3)
  void shouldRunTransactionsThroughTheProxy() throws Exception {
    String k = "tx:" + kind;
    try (Jedis j = proxy(); Jedis other = proxy()) {
      j.del(k, k + ":n");
      Transaction t = j.multi();
      t.set(k, "a");
      t.append(k, "b");
      t.incr(k + ":n");
      t.get(k);
      List<Object> replies = t.exec();
      assertEquals(List.of("OK", 2L, 1L, "ab"), replies);

      // WATCH: a change by another client aborts the transaction, and nothing in it runs.
      j.watch(k);
      other.set(k, "changed");
      Transaction aborted = j.multi();
      aborted.set(k, "from-aborted");
      assertNull(aborted.exec(), "EXEC after a watched key changed answers a null array");
      assertEquals("changed", other.get(k));

      // DISCARD drops what was queued.
      Transaction discarded = j.multi();
      discarded.incr(k + ":n");
      assertEquals("OK", discarded.discard());
      assertEquals("1", j.get(k + ":n"));
    }
  }

  @Test
  @Order(4)
  void shouldDeliverPubSubThroughTheProxy() throws Exception {
    String channel = "news:" + kind;
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    CountDownLatch subscribed = new CountDownLatch(2);
    JedisPubSub listener = new JedisPubSub() {
      @Override
      public void onMessage(String ch, String message) {
        received.add("message " + ch + " " + message);
      }

      @Override
      public void onPMessage(String pattern, String ch, String message) {
        received.add("pmessage " + pattern + " " + ch + " " + message);
      }

      @Override
      public void onSubscribe(String ch, int count) {
        subscribed.countDown();
      }

      @Override
      public void onPSubscribe(String pattern, int count) {
        subscribed.countDown();
      }
    };
    Jedis subscriber = proxy();
    Thread t = new Thread(() -> subscriber.subscribe(listener, channel), "subscriber");
    t.start();
    try {
      eventually(Duration.ofSeconds(10), () -> assertTrue(listener.isSubscribed()));
      listener.psubscribe("news:*");
      assertTrue(subscribed.await(10, TimeUnit.SECONDS), "SUBSCRIBE and PSUBSCRIBE confirmed");
      try (Jedis publisher = proxy()) {
        for (int i = 0; i < 20; i++) {
          assertEquals(2, publisher.publish(channel, "m" + i), "one channel and one pattern subscriber");
        }
      }
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String m = received.poll(10, TimeUnit.SECONDS);
        assertTrue(m != null, "40 deliveries, got " + got);
        got.add(m);
      }
      List<String> direct = got.stream().filter(m -> m.startsWith("message ")).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("message " + channel + " m" + i);
      }
      assertEquals(expected, direct, "channel messages arrive once each, in publishing order");
      assertEquals(20, got.stream().filter(m -> m.startsWith("pmessage news:* " + channel)).count());
    } finally {
      if (listener.isSubscribed()) {
        listener.unsubscribe();
        listener.punsubscribe();
      }
      t.join(10_000);
      subscriber.close();
    }
  }

  @Test
  @Order(5)
  void shouldServeBlockingPopsThroughTheProxy() throws Exception {
    String list = "queue:" + kind;
    try (Jedis waiter = proxy(); Jedis pusher = proxy()) {
      waiter.del(list, list + ":dest");
      AtomicReference<List<String>> popped = new AtomicReference<>();
      Thread t = new Thread(() -> popped.set(waiter.blpop(20, list)), "blpop");
      t.start();
      // the pop must be waiting on the master before the push, or it would find the element at once
      eventually(Duration.ofSeconds(10), () -> assertTrue(
          Redis.info(group.backendPort(group.master()), "clients").get("blocked_clients").equals("1"),
          "BLPOP is blocked on the master"));
      assertEquals(1, pusher.rpush(list, "job-1"));
      t.join(20_000);
      assertEquals(List.of(list, "job-1"), popped.get());

      assertNull(waiter.brpop(1, list), "BRPOP on an empty list times out with a null");
      pusher.rpush(list, "job-2");
      assertEquals("job-2", waiter.blmove(list, list + ":dest", ListDirection.LEFT, ListDirection.RIGHT, 5));
      assertEquals(List.of("job-2"), pusher.lrange(list + ":dest", 0, -1));
      assertEquals("PONG", waiter.ping(), "the connection serves commands after blocking ones");
    }
  }

  @Test
  @Order(6)
  void shouldAnswerA10000CommandPipelineInOrder() throws Exception {
    String p = "pipe:" + kind + ":";
    int n = 10_000;
    List<Response<?>> responses = new ArrayList<>(n);
    List<Object> expected = new ArrayList<>(n);
    long started = System.nanoTime();
    try (Jedis j = proxy()) {
      j.del(p + "counter", p + "list", p + "hash", p + "set");
      Pipeline pipe = j.pipelined();
      for (int i = 0; i < n; i++) {
        switch (i % 6) {
          case 0 -> {
            responses.add(pipe.set(p + i, "v" + i));
            expected.add("OK");
          }
          case 1 -> {
            responses.add(pipe.get(p + (i - 1)));
            expected.add("v" + (i - 1));
          }
          case 2 -> {
            responses.add(pipe.incr(p + "counter"));
            expected.add((long) (i / 6 + 1));
          }
          case 3 -> {
            responses.add(pipe.rpush(p + "list", Integer.toString(i)));
            expected.add((long) (i / 6 + 1));
          }
          case 4 -> {
            responses.add(pipe.hset(p + "hash", "f" + i, "x"));
            expected.add(1L);
          }
          default -> {
            responses.add(pipe.exists(p + (i - 5), p + "missing"));
            expected.add(1L);
          }
        }
      }
      pipe.sync();
      for (int i = 0; i < n; i++) {
        assertEquals(expected.get(i), responses.get(i).get(), "reply " + i + " of the pipeline");
      }
      // on the master itself: a lone GET through the proxy may be served by a replica not there yet
      assertEquals(Long.toString(n / 6 + (n % 6 > 2 ? 1 : 0)),
          Redis.get(group.backendPort(group.master()), p + "counter"));
    }
    System.out.printf("%s: a pipeline of %d mixed commands answered in order in %d ms%n", kind, n,
        millisSince(started));
  }

  @Test
  @Order(100)
  void shouldKeepEveryWriteAcknowledgedUnderReplicaAck1AcrossAKill9OfTheMaster() throws Exception {
    int oldMaster = group.master();
    group.routing("{\"readPolicy\":\"replica\",\"consistency\":\"eventual\",\"durability\":\"replica-ack:1\"}");
    String key = "acked:" + kind;
    long killedAt;
    long promotedAt;
    AckedWriter writer = AckedWriter.start(group.proxyPort(), key, 3, Duration.ZERO);
    try {
      writer.awaitAcksSince(System.nanoTime(), 300, Duration.ofSeconds(30));
      killedAt = System.nanoTime();
      group.backend(oldMaster).kill9();
      eventually(Duration.ofSeconds(30), () -> assertNotEquals(oldMaster, group.master(), "a replica was promoted"));
      promotedAt = System.nanoTime();
      writer.awaitAcksSince(promotedAt, 100, Duration.ofSeconds(30));
    } finally {
      writer.stop();
    }
    int newMaster = group.master();
    List<String> present;
    try (Jedis j = Redis.connect(group.backendPort(newMaster))) {
      present = j.lrange(key, 0, -1);
    }
    List<AckedWriter.Ack> acked = writer.acks();
    List<AckedWriter.Ack> missing = AckedWriter.missing(acked, present);
    System.out.printf("%s: replica-ack:1 across kill -9: %d writes acknowledged (%d after the promotion), "
            + "%d failed %s, promotion seen %d ms after the kill; %d values on the promoted replica, %d missing%n",
        kind, acked.size(), writer.acksSince(promotedAt).size(), writer.failures().size(),
        AckedWriter.histogram(writer.failures()), TimeUnit.NANOSECONDS.toMillis(promotedAt - killedAt),
        present.size(), missing.size());
    assertTrue(missing.isEmpty(), "acknowledged writes lost with the master: "
        + missing.stream().limit(10).map(AckedWriter.Ack::value).toList());
    assertEquals(present.size(), new HashSet<>(present).size(), "no write was applied twice");
    Map<String, String> role = Redis.info(group.backendPort(newMaster), "replication");
    assertEquals("master", role.get("role"));
  }
}
