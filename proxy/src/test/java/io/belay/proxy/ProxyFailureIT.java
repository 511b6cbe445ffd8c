package io.belay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.proxy.testing.Eventually;
import io.belay.proxy.testing.ProxyFixture;
import io.belay.proxy.testing.RedisGroup;
import io.belay.proxy.testing.RedisServer;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendView;
import io.belay.routing.ReadPolicy;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** Dead backends, failovers and master changes, as the proxy sees them. */
class ProxyFailureIT {

  private static final ProtocolCommand DEBUG = () -> SafeEncoder.encode("DEBUG");

  private RedisGroup redis;
  private RoutingHolder holder;
  private ProxyFixture proxy;

  @BeforeEach
  void start() throws Exception {
    redis = RedisGroup.start();
    holder = new RoutingHolder(redis.table(1));
    proxy = ProxyFixture.start(holder,
        RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.PREFER_REPLICA),
        ProxyFixture.options().withHoldWrites(Duration.ofSeconds(3)));
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void shouldAnswerCommandsInFlightOnAKilledMasterWithErrors() throws Exception {
    try (Jedis blocked = proxy.jedis(); Jedis sleeping = proxy.jedis()) {
      CompletableFuture<Exception> pop = CompletableFuture.supplyAsync(
          () -> assertThrows(JedisDataException.class, () -> blocked.blpop(30, "never")));
      Pipeline pipeline = sleeping.pipelined();
      Response<Object> sleep = pipeline.sendCommand(DEBUG, "SLEEP", "5");
      Response<String> after = pipeline.set("after", "x");
      Eventually.eventually(Duration.ofSeconds(5),
          () -> redis.master.info("clients").contains("blocked_clients:1"));
      Thread.sleep(100);
      redis.master.kill();

      pipeline.sync();
      assertThrows(JedisDataException.class, sleep::get);
      assertThrows(JedisDataException.class, after::get);
      Exception popError = pop.get(10, TimeUnit.SECONDS);
      assertTrue(popError.getMessage().contains("backend"), popError.getMessage());
      // The session is still in sync: the next command gets its own answer.
      assertEquals("PONG", sleeping.ping());
    }
  }

  @Test
  void shouldHoldWritesUntilANewMasterAppears() throws Exception {
    RedisServer promoted = redis.replicas.get(0);
    holder.offer(tableWithoutMaster(2));
    proxy.group.tableChanged();
    try (Jedis jedis = proxy.jedis()) {
      CompletableFuture<String> held =
          CompletableFuture.supplyAsync(() -> jedis.set("held", "written"));
      Thread.sleep(300);
      assertTrue(!held.isDone(), "the write waits for a master");
      try (Jedis direct = promoted.jedis()) {
        direct.replicaofNoOne();
      }
      holder.offer(tableWithMaster(3, promoted));
      proxy.group.tableChanged();
      assertEquals("OK", held.get(5, TimeUnit.SECONDS));
      try (Jedis direct = promoted.jedis()) {
        assertEquals("written", direct.get("held"));
      }
    }
  }

  @Test
  void shouldAnswerMasterDownWhenNoFailoverCompletesInTime() throws Exception {
    proxy.close();
    proxy = ProxyFixture.start(holder, RoutingSettings.DEFAULTS,
        ProxyFixture.options().withHoldWrites(Duration.ofMillis(300)));
    holder.offer(tableWithoutMaster(2));
    try (Jedis jedis = proxy.jedis()) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.set("k", "v"));
      assertTrue(e.getMessage().startsWith("MASTERDOWN"), e.getMessage());
      assertEquals("PONG", jedis.ping());
    }
  }

  @Test
  void shouldSubscribeAgainOnTheNewMaster() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    JedisPubSub listener = new JedisPubSub() {
      @Override
      public void onSubscribe(String channel, int count) {
        subscribed.complete(null);
      }

      @Override
      public void onMessage(String channel, String message) {
        received.add(message);
        if (message.equals("after")) {
          unsubscribe();
        }
      }
    };
    Thread subscriber = new Thread(() -> {
      try (Jedis jedis = proxy.jedis()) {
        jedis.subscribe(listener, "events");
      }
    });
    subscriber.start();
    subscribed.get(10, TimeUnit.SECONDS);
    try (Jedis direct = redis.master.jedis()) {
      direct.publish("events", "before");
    }
    Eventually.eventually(Duration.ofSeconds(5), () -> received.contains("before"));
    RedisServer promoted = redis.replicas.get(1);
    try (Jedis direct = promoted.jedis()) {
      direct.replicaofNoOne();
    }
    holder.offer(tableWithMaster(2, promoted));
    proxy.group.tableChanged();
    Eventually.eventually(Duration.ofSeconds(5), () -> {
      try (Jedis direct = promoted.jedis()) {
        return direct.pubsubNumSub("events").get("events") == 1L;
      }
    });
    try (Jedis direct = promoted.jedis()) {
      direct.publish("events", "after");
    }
    subscriber.join(10_000);
    assertEquals(List.of("before", "after"), received);
  }

  @Test
  void shouldNotAcknowledgeAWriteTheDeposedMasterAnsweredAfterTheFailover() throws Exception {
    // the master stops answering for two seconds, as a paused process would
    CompletableFuture<String> asleep = CompletableFuture.supplyAsync(() -> {
      // a socket timeout well past the sleep: Jedis's default (2 s) would end it first
      try (Jedis direct = new Jedis("127.0.0.1", redis.master.port(), 15_000)) {
        return String.valueOf(direct.sendCommand(DEBUG, "SLEEP", "2"));
      }
    });
    Thread.sleep(300);
    try (Jedis jedis = proxy.jedis()) {
      CompletableFuture<String> late = CompletableFuture.supplyAsync(() -> jedis.set("late", "x"));
      Thread.sleep(200);
      RedisServer promoted = redis.replicas.get(0);
      try (Jedis direct = promoted.jedis()) {
        direct.replicaofNoOne();
      }
      holder.offer(tableWithMaster(2, promoted));
      proxy.group.tableChanged();
      asleep.get(10, TimeUnit.SECONDS);
      ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().startsWith("TRYAGAIN"), e.getCause().getMessage());
      try (Jedis direct = redis.master.jedis()) {
        assertEquals("x", direct.get("late"), "the deposed master did run the write");
      }
      assertEquals("OK", jedis.set("next", "y"), "the next write goes to the new master");
      try (Jedis direct = promoted.jedis()) {
        assertEquals("y", direct.get("next"));
      }
    }
  }

  @Test
  void shouldFallBackToTheMasterWhenAReplicaDies() throws Exception {
    try (Jedis jedis = proxy.jedis()) {
      jedis.set("k", "v");
      redis.replicas.get(0).kill();
      redis.replicas.get(1).kill();
      int errors = 0;
      for (int i = 0; i < 20; i++) {
        try {
          assertEquals("v", jedis.get("k"));
        } catch (JedisDataException e) {
          assertTrue(e.getMessage().contains("backend"), e.getMessage());
          errors++;
        }
      }
      assertTrue(errors <= 2, "at most the reads in flight on each dead replica fail: " + errors);
    }
  }

  private RoutingTable tableWithoutMaster(long epoch) {
    RedisServer r0 = redis.replicas.get(0);
    RedisServer r1 = redis.replicas.get(1);
    return RoutingTable.of(RedisGroup.NAME, epoch, null,
        List.of(RedisGroup.ref(r0), RedisGroup.ref(r1)),
        List.of(BackendView.replica(RedisGroup.ref(r0), 0, 0, 0),
            BackendView.replica(RedisGroup.ref(r1), 0, 0, 0)));
  }

  private RoutingTable tableWithMaster(long epoch, RedisServer master) {
    BackendRef ref = RedisGroup.ref(master);
    return RoutingTable.of(RedisGroup.NAME, epoch, ref, List.of(), List.of(BackendView.master(ref, 0)));
  }
}
