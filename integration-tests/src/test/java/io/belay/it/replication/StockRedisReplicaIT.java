package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Belay backends and stock redis-servers replicating from each other: full sync (diskless, as
 * both sides default to), then the command stream, then a promotion and a partial resync.
 */
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

  /**
   * A Belay backend as a replica of redis-server: the snapshot holds what redis-server writes
   * (listpacks, intsets, quicklists, LZF-compressed strings, skiplists, hash tables), then the
   * stream follows; promoted, the old master follows it again with a partial resync.
   */
  @Test
  void shouldFollowAStockRedisMasterThroughAFullSyncThenSwapRoles() throws Exception {
    try (NodeProcess redis = NodeProcess.redisServer(tmp.resolve("redis"), NodeProcess.freePort(), "--save", "",
        "--repl-diskless-sync-delay", "0");
        Jedis master = Redis.connect(redis.port())) {
      master.set("string", "value");
      master.set("compressible", "y".repeat(5000));
      master.set("counter", "42");
      master.set("ttl", "soon", SetParams.setParams().ex(1000));
      master.rpush("small-list", "a", "b", "c");
      master.sadd("ints", "1", "2", "3");
      master.sadd("small-set", "x", "y");
      master.zadd("small-zset", Map.of("m1", 1.5, "m2", -3.0));
      master.hset("small-hash", Map.of("f1", "v1", "f2", "v2"));
      for (int i = 0; i < 1000; i++) {
        // past the listpack and intset limits: the big encodings
        master.rpush("big-list", "element-" + i);
        master.sadd("big-set", "member-" + i);
        master.sadd("big-ints", Integer.toString(i * 1000));
        master.zadd("big-zset", i / 3.0, "member-" + i);
        master.hset("big-hash", "field-" + i, "value-" + i);
      }
      master.select(3);
      master.set("in-db-3", "yes");
      master.select(0);

      try (NodeProcess belay = NodeProcess.belayBackend(tmp.resolve("belay"), NodeProcess.freePort(), "--save", "");
          Jedis replica = Redis.connect(belay.port())) {
        replica.replicaof("127.0.0.1", redis.port());
        eventually(Duration.ofSeconds(30), () ->
            assertEquals("up", Redis.info(belay.port(), "replication").get("master_link_status")));
        assertSameData(redis.port(), belay.port());

        master.incr("counter");
        master.lpush("big-list", "z");
        master.zincrby("big-zset", 2, "member-7");
        master.del("string");
        master.hdel("big-hash", "field-1");
        master.set("late", "write");
        eventually(Duration.ofSeconds(30), () -> assertEquals("write", Redis.get(belay.port(), "late")));
        assertSameData(redis.port(), belay.port());

        // the Belay backend becomes the master; redis-server, pointed at it, resyncs partially
        long partial = Long.parseLong(Redis.info(belay.port(), "stats").get("sync_partial_ok"));
        replica.replicaofNoOne();
        replica.set("after-promotion", "from belay");
        master.replicaof("127.0.0.1", belay.port());
        eventually(Duration.ofSeconds(30), () -> assertEquals("from belay", Redis.get(redis.port(), "after-promotion")));
        assertEquals(partial + 1, Long.parseLong(Redis.info(belay.port(), "stats").get("sync_partial_ok")),
            "redis-server continued from the promotion offset instead of a full resync");
        assertEquals(List.of("master"), List.of(Redis.info(belay.port(), "replication").get("role")));
        assertSameData(belay.port(), redis.port());
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
