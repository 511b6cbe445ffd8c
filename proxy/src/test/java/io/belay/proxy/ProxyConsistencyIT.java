package io.belay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.proxy.testing.ProxyFixture;
import io.belay.proxy.testing.RedisGroup;
import io.belay.proxy.testing.RedisServer;
import io.belay.routing.BackendView;
import io.belay.routing.Consistency;
import io.belay.routing.Durability;
import io.belay.routing.ReadPolicy;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** Read-your-writes and replica acknowledgements against real replication. */
class ProxyConsistencyIT {

  private static RedisGroup redis;
  private static RoutingHolder holder;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisGroup.start();
    holder = new RoutingHolder(redis.table(1));
    proxy = ProxyFixture.start(holder, RoutingSettings.DEFAULTS, ProxyFixture.options());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void reset() {
    proxy.group.updateSettings(RoutingSettings.DEFAULTS);
  }

  @Test
  void shouldNeverReadAnOlderValueOfAKeyTheClientJustWrote() throws Exception {
    proxy.group.updateSettings(RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.REPLICA)
        .withConsistency(Consistency.READ_YOUR_WRITES));
    AtomicBoolean running = new AtomicBoolean(true);
    // What election's probes do in production: fresh offsets in the same epoch's table.
    Thread refresher = new Thread(() -> {
      while (running.get()) {
        holder.offer(observedTable());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    refresher.start();
    redis.resetStats();
    int clients = 4;
    int rounds = 300;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> stale = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        String key = "ryw:" + c;
        stale.add(pool.submit(() -> {
          int older = 0;
          try (Jedis jedis = proxy.jedis()) {
            for (int i = 1; i <= rounds; i++) {
              jedis.set(key, Integer.toString(i));
              for (int r = 0; r < 3; r++) {
                String read = jedis.get(key);
                if (read == null || Integer.parseInt(read) < i) {
                  older++;
                }
              }
            }
          }
          return older;
        }));
      }
      for (Future<Integer> f : stale) {
        assertEquals(0, f.get(60, TimeUnit.SECONDS), "reads older than the client's own write");
      }
    } finally {
      running.set(false);
      refresher.join();
      pool.shutdownNow();
    }
    long replicaReads = redis.replicas.get(0).calls("get") + redis.replicas.get(1).calls("get");
    assertTrue(replicaReads > 0, "some reads were served by replicas that had caught up");
  }

  @Test
  void shouldAcknowledgeWritesOnceReplicasHaveThemWithOneWaitPerBatch() throws Exception {
    proxy.group.updateSettings(RoutingSettings.DEFAULTS.withDurability(
        new Durability.ReplicaAck(2)));
    redis.resetStats();
    try (Jedis jedis = proxy.jedis()) {
      Pipeline pipeline = jedis.pipelined();
      List<Response<String>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        replies.add(pipeline.set("acked:" + i, "v"));
      }
      Response<String> read = pipeline.get("acked:49");
      pipeline.sync();
      for (Response<String> reply : replies) {
        assertEquals("OK", reply.get());
      }
      assertEquals("v", read.get());
    }
    long waits = redis.master.calls("wait");
    assertTrue(waits >= 1 && waits < 50, "one WAIT per batch, not per write: " + waits);
    for (RedisServer replica : redis.replicas) {
      try (Jedis direct = replica.jedis()) {
        assertEquals("v", direct.get("acked:49"), "acknowledged writes are on every replica");
      }
    }
  }

  @Test
  void shouldAnswerNoReplicasWhenTooFewReplicasAcknowledge() {
    proxy.group.updateSettings(RoutingSettings.DEFAULTS.withDurability(
        new Durability.ReplicaAck(3)));
    try (Jedis jedis = proxy.jedis()) {
      Pipeline pipeline = jedis.pipelined();
      Response<String> write = pipeline.set("underacked", "v");
      Response<Long> wrongType = pipeline.incr("underacked");
      Response<String> read = pipeline.get("underacked");
      pipeline.sync();
      JedisDataException e = org.junit.jupiter.api.Assertions.assertThrows(
          JedisDataException.class, write::get);
      assertEquals("NOREPLICAS Not enough good replicas to write.", e.getMessage());
      // A write that failed on its own keeps its own error; reads are not writes.
      JedisDataException own = org.junit.jupiter.api.Assertions.assertThrows(
          JedisDataException.class, wrongType::get);
      assertTrue(own.getMessage().startsWith("ERR value is not an integer"), own.getMessage());
      assertEquals("v", read.get());
    }
  }

  private static RoutingTable observedTable() {
    List<BackendView> views = new ArrayList<>();
    views.add(BackendView.master(RedisGroup.ref(redis.master),
        redis.master.infoField("replication", "master_repl_offset")));
    for (RedisServer replica : redis.replicas) {
      views.add(BackendView.replica(RedisGroup.ref(replica),
          replica.infoField("replication", "slave_repl_offset"), 0, 0));
    }
    return redis.table(1).withViews(views);
  }
}
