package io.belay.it.clients;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.Redis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Java clients of the compatibility matrix, each through the proxy, against a Belay backend
 * directly, and against a stock redis-server (the oracle that proves each expectation here is
 * what Redis answers): Jedis, Lettuce (plain, and its Sentinel-aware MasterReplica pointed at
 * the SENTINEL API on the proxy port), and the Vert.x Redis client (plain, and its SENTINEL mode).
 * Last, Lettuce's Sentinel mode and Jedis's sentinel pool follow a switchover.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaClientMatrixIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Kept when a test failed, for the processes' logs. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path tmp;

  private Matrix matrix;
  private RedisClient lettuce;
  private Vertx vertx;

  @BeforeAll
  void start() throws Exception {
    matrix = Matrix.start(tmp);
    lettuce = RedisClient.create();
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    if (lettuce != null) {
      lettuce.shutdown(0, 10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (matrix != null) {
      matrix.close();
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ Jedis

  @ParameterizedTest(name = "{0}")
  @EnumSource(Target.class)
  void jedisShouldSeeWhatRedisAnswers(Target target) throws Exception {
    String p = "jedis:" + target + ":";
    try (Jedis j = new Jedis("127.0.0.1", matrix.port(target), 10_000)) {
      assertEquals("OK", j.set(p + "s", "hello"));
      assertEquals("hello", j.get(p + "s"));
      assertEquals(11, j.append(p + "s", " world"));
      assertNull(j.set(p + "s", "x", SetParams.setParams().nx()), "SET NX on an existing key does nothing");
      assertEquals(5, j.incrBy(p + "n", 5));
      assertEquals("OK", j.setex(p + "t", 100, "v"));
      long ttl = j.ttl(p + "t");
      assertTrue(ttl > 0 && ttl <= 100, "TTL " + ttl);
      assertEquals(java.util.Arrays.asList("hello world", "5", null), j.mget(p + "s", p + "n", p + "none"));
      assertEquals(3, j.rpush(p + "l", "a", "b", "c"));
      assertEquals(List.of("b", "c"), j.lrange(p + "l", 1, -1));
      assertEquals(2, j.hset(p + "h", Map.of("f1", "v1", "f2", "v2")));
      assertEquals(Map.of("f1", "v1", "f2", "v2"), j.hgetAll(p + "h"));
      assertEquals(12, j.hincrBy(p + "h", "count", 12));
      assertEquals(3, j.sadd(p + "set", "x", "y", "z"));
      assertEquals(Set.of("x", "y", "z"), j.smembers(p + "set"));
      assertEquals(2, j.zadd(p + "z", Map.of("one", 1.0, "two", 2.0)));
      assertEquals(List.of("one", "two"), j.zrange(p + "z", 0, -1));
      assertEquals(2.0, j.zscore(p + "z", "two"));
      JedisDataException wrongType = assertThrows(JedisDataException.class, () -> j.get(p + "l"));
      assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", wrongType.getMessage());

      Set<String> scanned = new HashSet<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = j.scan(cursor, new ScanParams().match(p + "*").count(5));
        scanned.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      assertEquals(Set.of(p + "s", p + "n", p + "t", p + "l", p + "h", p + "set", p + "z"), scanned);

      Transaction t = j.multi();
      t.incr(p + "n");
      t.lpop(p + "l");
      assertEquals(List.of(6L, "a"), t.exec());

      Pipeline pipe = j.pipelined();
      List<redis.clients.jedis.Response<Long>> incrs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        incrs.add(pipe.incr(p + "piped"));
      }
      pipe.sync();
      for (int i = 0; i < 1000; i++) {
        assertEquals(i + 1, incrs.get(i).get());
      }
      assertEquals(7, j.del(p + "s", p + "n", p + "t", p + "l", p + "h", p + "set", p + "z"));
    }
  }

  // ------------------------------------------------------------------ Lettuce

  private RedisURI uri(Target target) throws Exception {
    return RedisURI.builder().withHost("127.0.0.1").withPort(matrix.port(target)).withTimeout(TIMEOUT).build();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Target.class)
  void lettuceShouldSeeWhatRedisAnswers(Target target) throws Exception {
    String p = "lettuce:" + target + ":";
    try (StatefulRedisConnection<String, String> c = lettuce.connect(uri(target))) {
      RedisCommands<String, String> s = c.sync();
      assertEquals("PONG", s.ping());
      assertEquals("OK", s.set(p + "s", "hello"));
      assertEquals("hello", s.get(p + "s"));
      assertEquals(3, s.rpush(p + "l", "a", "b", "c"));
      assertEquals(List.of("a", "b", "c"), s.lrange(p + "l", 0, -1));
      assertEquals(true, s.hset(p + "h", "f", "v"));
      assertEquals(Map.of("f", "v"), s.hgetall(p + "h"));
      assertEquals(2, s.zadd(p + "z", ScoredValue.just(1, "one"), ScoredValue.just(2, "two")));
      assertEquals(List.of(ScoredValue.just(1, "one"), ScoredValue.just(2, "two")),
          s.zrangeWithScores(p + "z", 0, -1));
      RedisCommandExecutionException wrongType = assertThrows(RedisCommandExecutionException.class,
          () -> s.incr(p + "l"));
      assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", wrongType.getMessage());

      s.multi();
      s.incr(p + "n");
      s.append(p + "s", "!");
      TransactionResult tx = s.exec();
      assertEquals(List.of(1L, 6L), List.of(tx.get(0), tx.get(1)));

      // Lettuce's own pipelining: commands queued without flushing, then sent at once
      RedisAsyncCommands<String, String> a = c.async();
      c.setAutoFlushCommands(false);
      List<RedisFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        futures.add(a.incr(p + "piped"));
      }
      c.flushCommands();
      c.setAutoFlushCommands(true);
      assertTrue(LettuceFutures.awaitAll(TIMEOUT, futures.toArray(new RedisFuture[0])));
      for (int i = 0; i < 1000; i++) {
        assertEquals(i + 1, futures.get(i).get());
      }
    }

    try (StatefulRedisPubSubConnection<String, String> sub = lettuce.connectPubSub(uri(target));
        StatefulRedisConnection<String, String> pub = lettuce.connect(uri(target))) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      sub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          got.add(channel + " " + message);
        }
      });
      sub.sync().subscribe(p + "ch");
      assertEquals(1, pub.sync().publish(p + "ch", "hi"));
      assertEquals(p + "ch hi", got.poll(10, TimeUnit.SECONDS));
    }
  }

  /**
   * Lettuce's MasterReplica: through the proxy port in its Sentinel mode (the group is found by
   * name with SENTINEL, then Lettuce connects to the backends it names), and against the master
   * backend directly in its discovery mode (the replicas are found in INFO replication). Either
   * way writes must reach the master and reads under {@code ReadFrom.REPLICA} the replicas.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Target.class, names = {"PROXY", "BACKEND"})
  void lettuceMasterReplicaShouldWriteToTheMasterAndReadFromReplicas(Target target) throws Exception {
    ProxiedGroup group = matrix.group();
    int master = group.master();
    RedisURI uri = target == Target.PROXY
        ? RedisURI.Builder.sentinel("127.0.0.1", group.proxyPort(), ProxiedGroup.GROUP).withTimeout(TIMEOUT).build()
        : uri(Target.BACKEND);
    String p = "lettuce-mr:" + target + ":";
    int n = 40;
    try (StatefulRedisMasterReplicaConnection<String, String> c = MasterReplica.connect(lettuce, StringCodec.UTF8,
        uri)) {
      c.setReadFrom(ReadFrom.REPLICA);
      RedisCommands<String, String> s = c.sync();
      List<CommandStats> before = stats(group);
      for (int i = 0; i < n; i++) {
        assertEquals("OK", s.set(p + i, "v" + i));
      }
      assertEquals(n, stats(group).get(master).callsSince(before.get(master), "set"), "writes ran on the master");
      for (int i = 0; i < 3; i++) {
        if (i != master) {
          int port = group.backendPort(i);
          eventually(Duration.ofSeconds(30), () -> assertEquals("v" + (n - 1), Redis.get(port, p + (n - 1)),
              "replica on " + port + ": " + Redis.info(port, "replication")));
        }
      }
      before = stats(group);
      for (int i = 0; i < n; i++) {
        assertEquals("v" + i, s.get(p + i));
      }
      List<CommandStats> after = stats(group);
      long onReplicas = 0;
      for (int i = 0; i < 3; i++) {
        if (i != master) {
          onReplicas += after.get(i).callsSince(before.get(i), "get");
        }
      }
      assertEquals(0, after.get(master).callsSince(before.get(master), "get"), "ReadFrom.REPLICA spares the master");
      assertEquals(n, onReplicas, "every GET ran on a replica");
    }
  }

  /**
   * A Sentinel-aware client learns of a new master from Sentinel's {@code +switch-master} event:
   * after a planned switchover, Lettuce's MasterReplica and Jedis's sentinel pool, both pointed
   * at the proxy's SENTINEL API, must write to the new master.
   */
  @Test
  @Order(Integer.MAX_VALUE) // last: it moves the master
  void sentinelAwareClientsShouldFollowASwitchover() throws Exception {
    ProxiedGroup group = matrix.group();
    int before = group.master();
    RedisURI uri = RedisURI.Builder.sentinel("127.0.0.1", group.proxyPort(), ProxiedGroup.GROUP)
        .withTimeout(TIMEOUT).build();
    try (StatefulRedisMasterReplicaConnection<String, String> c = MasterReplica.connect(lettuce, StringCodec.UTF8,
        uri);
        JedisSentinelPool pool = new JedisSentinelPool(ProxiedGroup.GROUP, Set.of("127.0.0.1:" + group.proxyPort()))) {
      RedisCommands<String, String> s = c.sync();
      assertEquals("OK", s.set("switch:lettuce", "before"));
      try (Jedis j = pool.getResource()) {
        assertEquals("OK", j.set("switch:jedis", "before"));
      }
      group.switchover();
      eventually(Duration.ofSeconds(30), () -> assertTrue(group.master() != before, "the master moved"));
      int after = group.master();
      long started = System.nanoTime();
      eventually(Duration.ofSeconds(30), () -> assertEquals("OK", s.set("switch:lettuce", "after")));
      long lettuceMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      eventually(Duration.ofSeconds(30), () -> {
        try (Jedis j = pool.getResource()) {
          assertEquals("OK", j.set("switch:jedis", "after"));
        }
      });
      System.out.printf("after a switchover seen by the node, Lettuce's Sentinel mode wrote to the new master in %d ms"
          + " (its refresh waits 5 s after an event), Jedis's sentinel pool %d ms after the same moment%n", lettuceMillis,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      assertEquals("after", Redis.get(group.backendPort(after), "switch:lettuce"));
      assertEquals("after", Redis.get(group.backendPort(after), "switch:jedis"));
      assertEquals(group.address(after), pool.getCurrentHostMaster().toString());
    }
  }

  private static List<CommandStats> stats(ProxiedGroup group) {
    List<CommandStats> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(CommandStats.of(group.backendPort(i)));
    }
    return out;
  }

  // ------------------------------------------------------------------ Vert.x Redis client

  @ParameterizedTest(name = "{0}")
  @EnumSource(Target.class)
  void vertxRedisClientShouldSeeWhatRedisAnswers(Target target) throws Exception {
    String p = "vertx:" + target + ":";
    io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(vertx,
        "redis://127.0.0.1:" + matrix.port(target));
    try {
      RedisConnection c = await(client.connect());
      assertEquals("OK", await(c.send(Request.cmd(Command.SET).arg(p + "s").arg("hello"))).toString());
      assertEquals("hello", await(c.send(Request.cmd(Command.GET).arg(p + "s"))).toString());
      assertNull(await(c.send(Request.cmd(Command.GET).arg(p + "missing"))));
      assertEquals(3L, await(c.send(Request.cmd(Command.RPUSH).arg(p + "l").arg("a").arg("b").arg("c"))).toLong());
      io.vertx.redis.client.Response range = await(c.send(Request.cmd(Command.LRANGE).arg(p + "l").arg(0).arg(-1)));
      assertEquals(List.of("a", "b", "c"), range.stream().map(io.vertx.redis.client.Response::toString).toList());
      Exception wrongType = assertThrows(Exception.class,
          () -> await(c.send(Request.cmd(Command.INCR).arg(p + "l"))));
      assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
          rootMessage(wrongType));

      List<Request> batch = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        batch.add(Request.cmd(Command.INCR).arg(p + "batched"));
      }
      List<io.vertx.redis.client.Response> replies = await(c.batch(batch));
      for (int i = 0; i < 500; i++) {
        assertEquals(i + 1, replies.get(i).toLong());
      }

      List<io.vertx.redis.client.Response> tx = await(c.batch(List.of(Request.cmd(Command.MULTI),
          Request.cmd(Command.INCR).arg(p + "n"), Request.cmd(Command.APPEND).arg(p + "s").arg("!"),
          Request.cmd(Command.EXEC))));
      assertEquals("QUEUED", tx.get(1).toString());
      assertEquals(List.of(1L, 6L), tx.get(3).stream().map(io.vertx.redis.client.Response::toLong).toList());
      await(c.close());
    } finally {
      client.close();
    }
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }

  /**
   * The Vert.x client's SENTINEL mode pointed at the proxy port: it asks the SENTINEL API for the
   * master of {@code mymaster}, and for a replica when it wants one, then talks to that backend.
   */
  @Test
  void vertxSentinelModeShouldFindTheMasterAndAReplicaThroughTheProxy() throws Exception {
    ProxiedGroup group = matrix.group();
    int master = group.master();
    String key = "vertx-sentinel:key";
    io.vertx.redis.client.Redis toMaster = io.vertx.redis.client.Redis.createClient(vertx, new RedisOptions()
        .setType(RedisClientType.SENTINEL).addConnectionString("redis://127.0.0.1:" + group.proxyPort())
        .setMasterName(ProxiedGroup.GROUP).setRole(RedisRole.MASTER));
    io.vertx.redis.client.Redis toReplica = io.vertx.redis.client.Redis.createClient(vertx, new RedisOptions()
        .setType(RedisClientType.SENTINEL).addConnectionString("redis://127.0.0.1:" + group.proxyPort())
        .setMasterName(ProxiedGroup.GROUP).setRole(RedisRole.REPLICA));
    try {
      assertEquals("OK", await(toMaster.send(Request.cmd(Command.SET).arg(key).arg("found"))).toString());
      assertEquals("found", Redis.get(group.backendPort(master), key), "the write went to the master");
      List<CommandStats> before = stats(group);
      eventually(Duration.ofSeconds(30), () -> {
        io.vertx.redis.client.Response r = await(toReplica.send(Request.cmd(Command.GET).arg(key)));
        assertEquals("found", r == null ? null : r.toString());
      });
      List<CommandStats> after = stats(group);
      assertEquals(0, after.get(master).callsSince(before.get(master), "get"), "the replica role reads from a replica");
      Exception readOnly = assertThrows(Exception.class,
          () -> await(toReplica.send(Request.cmd(Command.SET).arg(key).arg("x"))));
      assertEquals("READONLY You can't write against a read only replica.", rootMessage(readOnly));
    } finally {
      toMaster.close();
      toReplica.close();
    }
  }
}
