package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.engine.Keyspace;
import io.belay.backends.persistence.impl.RdbFiles;
import io.belay.backends.testing.RawClient;
import io.belay.backends.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-server 7.0 is the oracle: we read what it writes, it reads what we write. */
class RdbRedisCompatIT {

  @TempDir
  Path tmp;

  @Test
  void shouldLoadEveryEncodingRedisServerWrites() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start("--enable-debug-command", "yes");
        RawClient c = new RawClient(redis.port())) {
      populate(c);
      Set<String> encodings = new TreeSet<>();
      for (String key : List.of("list:small", "list:compressed", "set:ints", "set:int64", "set:big", "zset:small",
          "zset:big", "hash:small", "hash:big", "str:int", "str:long")) {
        encodings.add(ServerDump.str(c.call("OBJECT", "ENCODING", key)));
      }
      // the encodings this test means to cover are really there
      assertTrue(encodings.containsAll(List.of("quicklist", "intset", "hashtable", "listpack", "skiplist", "int",
          "raw")), encodings.toString());
      assertEquals("OK", ServerDump.str(c.call("SAVE")));
      Keyspace ks = new Keyspace(16);
      RdbInfo info = new RdbReader(ks).load(redis.dir().resolve("dump.rdb"));
      assertEquals("7.0.15", info.aux().get("redis-ver"));
      assertEquals(ServerDump.of(c, 16), KeyspaceDump.of(ks));
    }
  }

  private static void populate(RawClient c) throws IOException {
    for (String v : List.of("0", "-1", "127", "128", "-129", "32767", "-32768", "2147483647", "-2147483648",
        "2147483648", "9223372036854775807", "12345678901", "007", "1.5")) {
      c.call("SET", "str:" + v, v);
    }
    c.call("SET", "str:int", "42");
    c.call("SET", "str:long", "compress me ".repeat(1000));
    byte[] random = new byte[3000];
    new Random(3).nextBytes(random);
    c.call("SET", random, random);
    c.call("SET", "str:ttl", "v", "PX", "3600000");

    List<Object> ints = List.of("5", "100", "-1", "1000", "-4000", "30000", "8000000", "-8000000", "2000000000",
        "9000000000000", "-9000000000000", "9223372036854775807");
    c.call(concat("RPUSH", "list:small", ints, List.of("a", "b".repeat(70), "c".repeat(5000))));
    c.call("CONFIG", "SET", "list-compress-depth", "1");
    for (int i = 0; i < 3000; i++) {
      c.send("RPUSH", "list:compressed", i % 4 == 0 ? Integer.toString(i * 1000) : "value number " + i);
    }
    c.read(3000);
    c.call("CONFIG", "SET", "list-compress-depth", "0");
    c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1000");
    c.call("RPUSH", "list:plain", "small", "x".repeat(5000), "small again");
    c.call("PEXPIRE", "list:plain", "7200000");

    c.call("SADD", "set:ints", "1", "2", "-3", "300");
    c.call("SADD", "set:int64", "1", "9000000000000", "-70000");
    c.call("SADD", "set:strings", "a", "b", "c");
    for (int i = 0; i < 600; i++) {
      c.send("SADD", "set:big", "member" + i);
    }
    c.read(600);

    c.call("ZADD", "zset:small", "1", "a", "2.5", "b", "-3", "c", "inf", "d", "-inf", "e", "0.1", "f", "100", "g");
    for (int i = 0; i < 200; i++) {
      c.send("ZADD", "zset:big", Double.toString(i / 3.0), "m" + i);
    }
    c.read(200);

    c.call(concat("HSET", "hash:small", List.of("f1", "v1", "n", "42", "neg", "-70000", "big", "9000000000000"),
        List.of()));
    for (int i = 0; i < 200; i++) {
      c.send("HSET", "hash:big", "field" + i, "value" + i);
    }
    c.read(200);
    c.call("HSET", "hash:longvalue", "f", "v".repeat(100));
    c.call("PEXPIRE", "hash:big", "9000000");

    c.call("SELECT", "5");
    c.call("SET", "in-db-5", "five");
    c.call("RPUSH", "list-in-db-5", "x");
    c.call("SELECT", "0");
  }

  private static Object[] concat(String cmd, String key, List<Object> a, List<Object> b) {
    List<Object> all = new ArrayList<>();
    all.add(cmd);
    all.add(key);
    all.addAll(a);
    all.addAll(b);
    return all.toArray();
  }

  @Test
  void shouldWriteFilesRedisCheckRdbAccepts() throws Exception {
    Path file = tmp.resolve("ours.rdb");
    RdbFiles.save(RdbRoundTripTest.sample(), Map.of("redis-ver", "7.0.15", "redis-bits", "64"), true,
        tmp.resolve("temp.rdb"), file);
    Process p = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    assertTrue(output.contains("RDB looks OK"), output);
  }

  @Test
  void shouldLoadIntoRedisServerWithIdenticalData() throws Exception {
    Keyspace sample = RdbRoundTripTest.sample();
    Path dir = Files.createDirectories(tmp.resolve("redis-data"));
    RdbFiles.save(sample, Map.of("redis-ver", "7.0.15"), true, dir.resolve("temp.rdb"), dir.resolve("belay.rdb"));
    try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "belay.rdb");
        RawClient c = new RawClient(redis.port())) {
      assertEquals(KeyspaceDump.of(sample), ServerDump.of(c, 16));
    }
  }
}
