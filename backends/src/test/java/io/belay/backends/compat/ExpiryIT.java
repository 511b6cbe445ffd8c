package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Key expiry side by side with redis-server: the background cycle reclaims keys nobody reads,
 * an access expires a key on the spot, and no command ever shows a key past its time.
 *
 * <p>Several tests first fill the database with keys that have a distant TTL: the active
 * cycle samples volatile keys a few at a time, so among thousands of them a key that just
 * expired usually stays in memory long enough for the commands under test to meet it.
 */
class ExpiryIT extends DifferentialTest {

  /** Generous: the active cycle needs a fraction of this on an idle server. */
  private static final long PATIENCE_SECONDS = 20;

  @Test
  void shouldReclaimExpiredKeysNobodyReadsInTheBackground() throws Exception {
    int count = 1000;
    long[] expiredBefore = {counter(oracle, "expired_keys"), counter(subject, "expired_keys")};
    for (RawClient c : List.of(oracle, subject)) {
      List<RespValue> replies = pipeline(c, count, n -> new String[] {"SET", "k:" + n, "v", "PX", "50"});
      assertTrue(replies.stream().allMatch(RespValue.ok()::equals), () -> name(c) + " refused a SET");
    }
    for (RawClient c : List.of(oracle, subject)) {
      // DBSIZE and INFO keyspace count keys without touching them, so only the active cycle can empty the db
      eventually(name(c) + " DBSIZE reaches 0", () -> new RespValue.Integer(0).equals(c.call("DBSIZE")));
      assertEquals(null, info(c, "keyspace").get("db0"), () -> name(c) + " INFO keyspace still lists db0");
    }
    assertEquals(count, counter(oracle, "expired_keys") - expiredBefore[0]);
    assertEquals(count, counter(subject, "expired_keys") - expiredBefore[1]);
  }

  @Test
  void shouldExpireAKeyWhenItIsAccessed() throws Exception {
    padWithDistantTtls(20_000);
    for (int attempt = 0; attempt < 10; attempt++) {
      String key = "short:" + attempt;
      long deadline = setOnBoth(key, "PX", 100);
      awaitClockPast(deadline);
      if (!(dbsize(oracle) == 20_001 && dbsize(subject) == 20_001)) {
        continue; // the background cycle got there first: try again with a fresh key
      }
      long[] expiredBefore = {counter(oracle, "expired_keys"), counter(subject, "expired_keys")};
      same("GET", key);
      for (RawClient c : List.of(oracle, subject)) {
        assertEquals(20_000, dbsize(c), () -> name(c) + " kept the key it just reported as missing");
      }
      assertEquals(1, counter(oracle, "expired_keys") - expiredBefore[0]);
      assertEquals(1, counter(subject, "expired_keys") - expiredBefore[1]);
      return;
    }
    throw new AssertionError("the background cycle always expired the key before it could be accessed");
  }

  @Test
  void shouldNeverReturnExpiredKeys() throws Exception {
    padWithDistantTtls(5000);
    long[] expiredBefore = {counter(oracle, "expired_keys"), counter(subject, "expired_keys")};
    for (int n = 0; n < 3; n++) {
      both("SET", "live:" + n, "v" + n);
    }
    both("HSET", "gone:hash", "f", "v");
    both("RPUSH", "gone:list", "a", "b");
    both("SADD", "gone:set", "m");
    both("ZADD", "gone:zset", "1", "m");
    long deadline = 0;
    for (int n = 0; n < 10; n++) {
      deadline = Math.max(deadline, setOnBoth("gone:" + n, "PX", 100));
    }
    for (String key : new String[] {"gone:hash", "gone:list", "gone:set", "gone:zset"}) {
      same("PEXPIRE", key, "100");
    }
    deadline = Math.max(deadline, System.currentTimeMillis() + 100);
    awaitClockPast(deadline);

    sameUnordered("KEYS", "gone:*");
    sameUnordered("KEYS", "*");
    assertEquals(scanAll(oracle, "gone:*"), scanAll(subject, "gone:*"));
    assertEquals(Set.of(), scanAll(subject, "gone:*"));
    assertEquals(scanAll(oracle, "*"), scanAll(subject, "*"));
    same("GET", "gone:0");
    same("MGET", "gone:1", "live:0", "gone:2", "live:1");
    same("EXISTS", "gone:3", "live:2", "gone:4", "gone:hash");
    same("TYPE", "gone:5");
    same("TYPE", "gone:hash");
    same("TYPE", "gone:list");
    same("TTL", "gone:6");
    same("PTTL", "gone:7");
    same("EXPIRETIME", "gone:8");
    same("STRLEN", "gone:9");
    same("HGETALL", "gone:hash");
    same("LRANGE", "gone:list", "0", "-1");
    same("SMEMBERS", "gone:set");
    same("ZRANGE", "gone:zset", "0", "-1");
    same("GET", "live:0");

    for (RawClient c : List.of(oracle, subject)) {
      eventually(name(c) + " DBSIZE reaches the keys still alive", () -> dbsize(c) == 5003);
    }
    assertEquals(14, counter(oracle, "expired_keys") - expiredBefore[0]);
    assertEquals(14, counter(subject, "expired_keys") - expiredBefore[1]);
  }

  @Test
  void shouldGiveAReplacedExpiredKeyNoTtl() throws Exception {
    padWithDistantTtls(20_000);
    long[] expiredBefore = {counter(oracle, "expired_keys"), counter(subject, "expired_keys")};
    long deadline = Math.max(setOnBoth("a", "PX", 100), setOnBoth("b", "PX", 100));
    awaitClockPast(deadline);
    same("SET", "a", "new", "KEEPTTL");
    same("GET", "a");
    same("TTL", "a");
    same("SET", "b", "new");
    same("GET", "b");
    same("TTL", "b");
    // whether the background cycle or the SET found them, both old keys count as expired
    assertEquals(2, counter(oracle, "expired_keys") - expiredBefore[0]);
    assertEquals(2, counter(subject, "expired_keys") - expiredBefore[1]);
  }

  @Test
  void shouldKeepKeysWhoseTtlWasRemoved() throws Exception {
    long deadline = 0;
    for (String key : new String[] {"persisted", "overwritten", "getex"}) {
      deadline = Math.max(deadline, setOnBoth(key, "PX", 100));
    }
    same("PERSIST", "persisted");
    same("SET", "overwritten", "v2");
    same("GETEX", "getex", "PERSIST");
    same("SET", "later", "v", "PX", "100000");
    awaitClockPast(deadline);
    same("MGET", "persisted", "overwritten", "getex", "later");
    same("TTL", "persisted");
    same("TTL", "overwritten");
    same("TTL", "getex");
  }

  // ---- helpers -------------------------------------------------------------------------

  private String name(RawClient c) {
    return c == oracle ? "redis-server" : "belay";
  }

  /** {@code count} keys that expire in a day, so the active cycle has many keys to sample. */
  private void padWithDistantTtls(int count) throws IOException {
    for (RawClient c : List.of(oracle, subject)) {
      List<RespValue> replies = pipeline(c, count, n -> new String[] {"SET", "pad:" + n, "p", "EX", "86400"});
      assertTrue(replies.stream().allMatch(RespValue.ok()::equals), () -> name(c) + " refused a SET");
    }
  }

  /** SETs {@code key} with a TTL on both servers; returns the wall-clock instant after which both have expired it. */
  private long setOnBoth(String key, String unit, long ttl) throws IOException {
    same("SET", key, "v", unit, Long.toString(ttl));
    return System.currentTimeMillis() + ttl;
  }

  /** Waits until the wall clock (the servers share it) passes {@code epochMillis}, plus a margin. */
  private static void awaitClockPast(long epochMillis) throws InterruptedException {
    long wait = epochMillis + 20 - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void eventually(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, () -> "never: " + what);
      Thread.sleep(20);
    }
  }

  private static long dbsize(RawClient c) throws IOException {
    return assertInstanceOf(RespValue.Integer.class, c.call("DBSIZE")).value();
  }

  /** Every key a full SCAN returns for {@code pattern}. */
  private static Set<String> scanAll(RawClient c, String pattern) throws IOException {
    Set<String> keys = new HashSet<>();
    String cursor = "0";
    do {
      RespValue.Array reply = assertInstanceOf(RespValue.Array.class,
          c.call("SCAN", cursor, "MATCH", pattern, "COUNT", "500"));
      cursor = new String(((RespValue.BulkString) reply.elements().get(0)).value(), StandardCharsets.UTF_8);
      for (RespValue k : ((RespValue.Array) reply.elements().get(1)).elements()) {
        keys.add(new String(((RespValue.BulkString) k).value(), StandardCharsets.UTF_8));
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  private static List<RespValue> pipeline(RawClient c, int count, java.util.function.IntFunction<String[]> command)
      throws IOException {
    RespWriter w = new RespWriter();
    for (int n = 0; n < count; n++) {
      w.command(command.apply(n));
    }
    c.sendRaw(w.drain());
    return c.read(count);
  }

  private static long counter(RawClient c, String field) throws IOException {
    String value = info(c, "stats").get(field);
    assertNotNull(value, () -> "INFO stats has no " + field);
    return Long.parseLong(value);
  }

  private static Map<String, String> info(RawClient c, String section) throws IOException {
    RespValue.BulkString bulk = assertInstanceOf(RespValue.BulkString.class, c.call("INFO", section));
    Map<String, String> fields = new HashMap<>();
    for (String line : new String(bulk.value(), StandardCharsets.UTF_8).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return fields;
  }
}
