package io.belay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.proxy.testing.Eventually;
import io.belay.proxy.testing.ProxyFixture;
import io.belay.proxy.testing.RedisGroup;
import io.belay.proxy.testing.RedisServer;
import io.belay.routing.ReadPolicy;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.SafeEncoder;

/** Writes to the master, reads spread by policy, replies in order: real redis-servers behind. */
class ProxyRoutingIT {

  private static RedisGroup redis;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisGroup.start();
    proxy = ProxyFixture.start(new RoutingHolder(redis.table(1)),
        RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.PREFER_REPLICA),
        ProxyFixture.options());
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void defaults() {
    proxy.group.updateSettings(RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.PREFER_REPLICA));
  }

  @Test
  void shouldSendWritesToTheMasterAndSpreadReadsOverReplicas() throws Exception {
    try (Jedis jedis = proxy.jedis()) {
      jedis.set("spread", "v");
      waitForReplicas("spread");
      redis.resetStats();
      jedis.set("spread", "w");
      for (int i = 0; i < 40; i++) {
        jedis.get("spread");
      }
    }
    assertEquals(1, redis.master.calls("set"));
    assertEquals(0, redis.master.calls("get"));
    long first = redis.replicas.get(0).calls("get");
    long second = redis.replicas.get(1).calls("get");
    assertEquals(40, first + second);
    assertTrue(first >= 10 && second >= 10, "reads spread: " + first + " and " + second);
  }

  @Test
  void shouldMoveReadsWhenThePolicyChangesAtRuntime() throws Exception {
    try (Jedis jedis = proxy.jedis()) {
      jedis.set("policy", "v");
      redis.resetStats();
      jedis.get("policy");
      proxy.group.updateSettings(proxy.group.settings().withReadPolicy(ReadPolicy.MASTER));
      for (int i = 0; i < 10; i++) {
        jedis.get("policy");
      }
    }
    assertEquals(10, redis.master.calls("get"));
    assertEquals(1, redis.replicas.get(0).calls("get") + redis.replicas.get(1).calls("get"));
  }

  @Test
  void shouldReturnTenThousandPipelinedRepliesInOrder() throws Exception {
    int n = 10_000;
    List<Response<?>> responses = new ArrayList<>(n);
    try (Jedis jedis = proxy.jedis()) {
      jedis.set("pipe:counter", "0");
      waitForReplicas("pipe:counter");
      Pipeline pipeline = jedis.pipelined();
      for (int i = 0; i < n; i++) {
        switch (i % 4) {
          case 0 -> responses.add(pipeline.set("pipe:" + i, "v" + i));
          case 1 -> responses.add(pipeline.get("pipe:" + (i - 1)));
          case 2 -> responses.add(pipeline.incr("pipe:counter"));
          default -> responses.add(pipeline.sendCommand(Protocol.Command.ECHO, "e" + i));
        }
      }
      pipeline.sync();
    }
    long counter = 0;
    for (int i = 0; i < n; i++) {
      Object value = responses.get(i).get();
      switch (i % 4) {
        case 0 -> assertEquals("OK", value);
        case 1 -> assertEquals("v" + (i - 1), value, "reply " + i);
        case 2 -> assertEquals(++counter, value, "reply " + i);
        default -> assertEquals("e" + i, SafeEncoder.encode((byte[]) value), "reply " + i);
      }
    }
  }

  @Test
  void shouldKeepTheSessionDatabaseAcrossSharedConnections() throws Exception {
    try (Jedis one = proxy.jedis(); Jedis two = proxy.jedis()) {
      one.select(3);
      one.set("db-key", "three");
      two.set("db-key", "zero");
      assertEquals("three", one.get("db-key"));
      assertEquals("zero", two.get("db-key"));
    }
    try (Jedis direct = redis.master.jedis()) {
      direct.select(3);
      assertEquals("three", direct.get("db-key"));
    }
  }

  @Test
  void shouldAnswerConnectionCommandsItself() throws Exception {
    try (Jedis jedis = proxy.jedis()) {
      assertEquals("PONG", jedis.ping());
      assertEquals("hi", jedis.echo("hi"));
      assertNull(jedis.clientGetname());
      jedis.clientSetname("app-1");
      assertEquals("app-1", jedis.clientGetname());
      assertTrue(jedis.clientInfo().contains("name=app-1"));
      String info = jedis.info();
      assertTrue(info.startsWith("# Proxy"), info);
      assertTrue(info.contains("proxy_group:mymaster"));
      assertTrue(info.contains("role:master"), "the master's INFO follows");
    }
  }

  private static void waitForReplicas(String key) {
    for (RedisServer replica : redis.replicas) {
      Eventually.eventually(Duration.ofSeconds(5), () -> {
        try (Jedis direct = replica.jedis()) {
          return direct.exists(key);
        }
      });
    }
  }
}
