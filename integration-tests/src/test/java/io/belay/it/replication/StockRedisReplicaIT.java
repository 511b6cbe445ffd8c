package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** A stock redis-server replicating from a Belay backend: full sync, then the command stream. */
class StockRedisReplicaIT {

  @TempDir
  Path tmp;

  @Test
  void shouldSyncAStockRedisReplicaAndKeepItFollowing() throws Exception {
    try (NodeProcess belay = NodeProcess.belayBackend(tmp.resolve("belay"), NodeProcess.freePort(), "--save", "");
        Jedis master = Redis.connect(belay.port())) {
      master.set("string", "value");
      master.set("counter", "42");
      master.set("ttl", "soon", redis.clients.jedis.params.SetParams.setParams().ex(1000));
      master.rpush("list", "a", "b", "c");
      master.sadd("set", "x", "y", "1", "2");
      master.sadd("ints", "1", "2", "3");
      master.zadd("zset", Map.of("m1", 1.5, "m2", -3.0));
      master.hset("hash", Map.of("f1", "v1", "f2", "v2"));
      for (int i = 0; i < 2000; i++) {
        master.set("bulk:" + i, "x".repeat(i % 100));
      }
      master.select(3);
      master.set("in-db-3", "yes");
      master.select(0);

      try (NodeProcess redis = NodeProcess.redisServer(tmp.resolve("redis"), NodeProcess.freePort(), "--save", "",
          "--replicaof", "127.0.0.1", Integer.toString(belay.port()))) {
        eventually(Duration.ofSeconds(30), () ->
            assertEquals("up", Redis.info(redis.port(), "replication").get("master_link_status")));
        assertSameData(belay.port(), redis.port());

        master.incr("counter");
        master.lpush("list", "z");
        master.zincrby("zset", 2, "m2");
        master.del("string");
        master.hdel("hash", "f1");
        master.select(3);
        master.set("in-db-3", "changed");
        master.select(0);
        master.set("late", "write");
        eventually(Duration.ofSeconds(30), () -> assertEquals("write", Redis.get(redis.port(), "late")));
        assertSameData(belay.port(), redis.port());
        eventually(Duration.ofSeconds(10), () -> {
          Map<String, String> info = Redis.info(belay.port(), "replication");
          assertEquals("1", info.get("connected_slaves"));
          String offset = info.get("master_repl_offset");
          assertEquals("offset=" + offset, info.get("slave0").replaceAll(".*(offset=\\d+).*", "$1"));
        });
      }
    }
  }

  /** Every key of databases 0 and 3, compared by type and DUMP-independent content. */
  private static void assertSameData(int a, int b) {
    for (int db : new int[] {0, 3}) {
      assertEquals(snapshot(a, db), snapshot(b, db), "database " + db);
    }
  }

  private static Map<String, String> snapshot(int port, int db) {
    Map<String, String> out = new TreeMap<>();
    try (Jedis j = Redis.connect(port)) {
      j.select(db);
      String cursor = "0";
      do {
        ScanResult<String> page = j.scan(cursor, new ScanParams().count(500));
        for (String key : page.getResult()) {
          String type = j.type(key);
          String content = switch (type) {
            case "string" -> j.get(key);
            case "list" -> j.lrange(key, 0, -1).toString();
            case "set" -> new java.util.TreeSet<>(j.smembers(key)).toString();
            case "zset" -> j.zrangeWithScores(key, 0, -1).toString();
            case "hash" -> new TreeMap<>(j.hgetAll(key)).toString();
            default -> "?";
          };
          out.put(key, type + ":" + content + (j.ttl(key) > 0 ? ":ttl" : ""));
        }
        cursor = page.getCursor();
      } while (!cursor.equals("0"));
    }
    return out;
  }

}
