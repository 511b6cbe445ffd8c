package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.EmbeddedBackend;
import io.belay.backends.testing.RawClient;
import io.belay.backends.testing.RedisServerProcess;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * maxmemory and the eviction policies, side by side with redis-server. Belay's used_memory is
 * an estimate of the dataset and redis-server's is what its allocator holds, so the limits are
 * set relative to each server's own baseline and the tests compare behaviour (which writes
 * are refused, with which error, which keys may go), not byte counts.
 */
class MaxMemoryIT extends DifferentialTest {

  /** Room above each server's baseline: a few hundred of the values below. */
  private static final long BUDGET = 256 * 1024;
  private static final byte[] VALUE = new byte[1000];

  static {
    Arrays.fill(VALUE, (byte) 'v');
  }

  @AfterEach
  void unlimited() throws IOException {
    both("DISCARD");
    both("CONFIG", "SET", "maxmemory", "0");
    both("CONFIG", "SET", "maxmemory-policy", "noeviction");
  }

  @Test
  void shouldRefuseWritesWithRedisOomErrorAndKeepServingReadsUnderNoeviction() throws Exception {
    RespValue[] refusals = new RespValue[2];
    int[] written = new int[2];
    long[] evicted = new long[2];
    int i = 0;
    for (RawClient c : List.of(oracle, subject)) {
      evicted[i] = counter(c, "evicted_keys");
      limit(c, "noeviction");
      Refusal refusal = writeUntilRefused(c, "key:");
      written[i] = refusal.written();
      refusals[i] = refusal.error();
      assertTrue(written[i] > 0, "nothing fit under the limit");
      if (c == subject) {
        // redis-server also counts the refused command's arguments, gone by the time INFO runs
        assertTrue(used(c) > maxMemory(c), () -> name(c) + " refused while under the limit");
      }
      i++;
    }
    assertEquals(new RespValue.Error("OOM command not allowed when used memory > 'maxmemory'."), refusals[0]);
    assertEquals(refusals[0], refusals[1]);

    i = 0;
    for (RawClient c : List.of(oracle, subject)) {
      assertEquals(new RespValue.Integer(written[i]), c.call("DBSIZE"), "keys lost");
      List<RespValue> values = pipeline(c, written[i], n -> new String[] {"GET", "key:" + n});
      for (RespValue v : values) {
        assertArrayEquals(VALUE, v);
      }
      assertEquals(evicted[i], counter(c, "evicted_keys"), () -> name(c) + " evicted under noeviction");
      settleOverTheLimit(c);
      i++;
    }
    same("GET", "key:0");
    same("STRLEN", "key:1");
    same("EXISTS", "key:2", "key:3", "nope");
    same("SET", "more", "x");
    same("APPEND", "key:0", "x");
    same("LPUSH", "list", "x");
    same("SETBIT", "bits", "7", "1");
    same("INCR", "counter");
    same("GET", "key:0");
    same("MULTI");
    same("SET", "more", "x");
    same("EXEC");
    // only commands that may grow memory are refused: deleting is how a client gets out
    same("DEL", "key:0");
    same("EXPIRE", "key:1", "100");
    same("GET", "key:0");
  }

  @Test
  void shouldRefuseEveryCommandQueuedOverTheLimitLikeRedis() throws Exception {
    for (RawClient c : List.of(oracle, subject)) {
      limit(c, "noeviction");
      writeUntilRefused(c, "key:");
      settleOverTheLimit(c);
    }
    same("MULTI");
    same("GET", "key:0");
    same("PING");
    same("EXEC");
    same("MULTI");
    same("GET", "key:0");
    same("DISCARD");
  }

  @Test
  void shouldEvictToStayUnderTheLimitUnderAllkeysLru() throws Exception {
    int writes = 3000;
    for (RawClient c : List.of(oracle, subject)) {
      long evicted0 = counter(c, "evicted_keys");
      long expired0 = counter(c, "expired_keys");
      limit(c, "allkeys-lru");
      for (int n = 0; n < writes / 2; n++) {
        assertEquals(RespValue.ok(), c.call("SET", "key:" + n, VALUE), "write " + n + " refused");
      }
      long evicted = counter(c, "evicted_keys") - evicted0;
      assertTrue(evicted > 0, () -> name(c) + " evicted nothing");
      assertTrue(used(c) <= maxMemory(c), () -> name(c) + " used_memory over maxmemory");
      for (int n = writes / 2; n < writes; n++) {
        assertEquals(RespValue.ok(), c.call("SET", "key:" + n, VALUE), "write " + n + " refused");
      }
      long evictedLater = counter(c, "evicted_keys") - evicted0;
      assertTrue(evictedLater > evicted, () -> name(c) + " stopped evicting");
      assertTrue(used(c) <= maxMemory(c), () -> name(c) + " used_memory over maxmemory");
      long keys = ((RespValue.Integer) c.call("DBSIZE")).value();
      assertTrue(keys > 0 && keys < writes, () -> name(c) + " keys: " + keys);
      assertEquals(writes, keys + evictedLater, () -> name(c) + ": a key is neither there nor counted as evicted");
      assertEquals(expired0, counter(c, "expired_keys"));
    }
  }

  @Test
  void shouldEvictOnlyKeysWithATtlUnderVolatileLruAndRefuseWhenNoneIsLeft() throws Exception {
    int persistent = 100;
    int volatiles = 1500;
    RespValue[] refusals = new RespValue[2];
    int i = 0;
    for (RawClient c : List.of(oracle, subject)) {
      long evicted0 = counter(c, "evicted_keys");
      long expired0 = counter(c, "expired_keys");
      for (int n = 0; n < persistent; n++) {
        c.call("SET", "keep:" + n, VALUE);
      }
      limit(c, "volatile-lru");
      for (int n = 0; n < volatiles; n++) {
        assertEquals(RespValue.ok(), c.call("SET", "vol:" + n, VALUE, "EX", "100000"), "write " + n + " refused");
      }
      assertTrue(counter(c, "evicted_keys") > evicted0, () -> name(c) + " evicted nothing");
      assertTrue(used(c) <= maxMemory(c), () -> name(c) + " used_memory over maxmemory");
      assertAllThere(c, "keep:", persistent);

      Refusal refusal = writeUntilRefused(c, "more:");
      int more = refusal.written();
      refusals[i++] = refusal.error();
      Map<String, Long> db0 = keyspace(c);
      assertEquals(0L, db0.getOrDefault("expires", 0L), () -> name(c) + " refuses writes with volatile keys left");
      assertEquals(persistent + more, db0.get("keys"), () -> name(c) + " lost persistent keys");
      assertAllThere(c, "keep:", persistent);
      assertAllThere(c, "more:", more);
      // nothing expired (the TTL is long): every volatile key went by eviction
      assertEquals(volatiles, counter(c, "evicted_keys") - evicted0, () -> name(c) + " evicted_keys");
      assertEquals(expired0, counter(c, "expired_keys"), () -> name(c) + " expired_keys");
      settleOverTheLimit(c);
    }
    assertEquals(new RespValue.Error("OOM command not allowed when used memory > 'maxmemory'."), refusals[0]);
    assertEquals(refusals[0], refusals[1]);
    same("SET", "vol:again", "x", "EX", "100");
    same("GET", "keep:0");
  }

  @Test
  void shouldLetAReplicaIgnoreMaxmemoryLikeRedis() throws Exception {
    try (RedisServerProcess redisReplica = RedisServerProcess.start("--replicaof", "127.0.0.1",
        Integer.toString(redis.port()));
        EmbeddedBackend belayReplica = EmbeddedBackend.start();
        RawClient oracleReplica = new RawClient(redisReplica.port());
        RawClient subjectReplica = new RawClient(belayReplica.port())) {
      assertEquals(RespValue.ok(), subjectReplica.call("REPLICAOF", "127.0.0.1", Integer.toString(belay.port())));
      int keys = 500;
      for (RawClient master : List.of(oracle, subject)) {
        pipeline(master, keys, n -> new String[] {"SET", "key:" + n, new String(VALUE, StandardCharsets.US_ASCII)});
      }
      for (RawClient replica : List.of(oracleReplica, subjectReplica)) {
        eventually(() -> dbsize(replica) == keys, "the replica never caught up");
        assertEquals(RespValue.ok(), replica.call("CONFIG", "SET", "replica-read-only", "no"));
        assertEquals(RespValue.ok(), replica.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"));
        assertEquals(RespValue.ok(), replica.call("CONFIG", "SET", "maxmemory", "1"));
      }
      both("SET", "after", "x");
      for (RawClient replica : List.of(oracleReplica, subjectReplica)) {
        eventually(() -> dbsize(replica) == keys + 1, "the replica stopped following its master");
      }
      // neither the master's stream nor the replica's own clients meet maxmemory
      RespValue expected = oracleReplica.call("SET", "local", "x");
      assertEquals(RespValue.ok(), expected);
      assertEquals(expected, subjectReplica.call("SET", "local", "x"));
      assertEquals(oracleReplica.call("GET", "key:0"), subjectReplica.call("GET", "key:0"));
      assertEquals(keys + 2, dbsize(oracleReplica));
      assertEquals(keys + 2, dbsize(subjectReplica));
    }
  }

  // ---- helpers -------------------------------------------------------------------------

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void eventually(Condition condition, String failure) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, failure);
      Thread.sleep(20);
    }
  }

  private static long dbsize(RawClient c) throws IOException {
    return assertInstanceOf(RespValue.Integer.class, c.call("DBSIZE")).value();
  }

  private String name(RawClient c) {
    return c == oracle ? "redis-server" : "belay";
  }

  /** Sets the policy and a limit {@link #BUDGET} above what {@code c} uses now. */
  private void limit(RawClient c, String policy) throws IOException {
    assertEquals(RespValue.ok(), c.call("CONFIG", "SET", "maxmemory-policy", policy));
    assertEquals(RespValue.ok(), c.call("CONFIG", "SET", "maxmemory", Long.toString(used(c) + BUDGET)));
  }

  /**
   * Lowers the limit well under what the server uses, once it has refused a write, so the
   * commands that follow meet a server over the limit on both sides: redis-server's
   * used_memory moves by a few kilobytes as it frees the refused command's buffers.
   */
  private static void settleOverTheLimit(RawClient c) throws IOException {
    long limit = Math.max(1, used(c) - BUDGET / 4);
    assertEquals(RespValue.ok(), c.call("CONFIG", "SET", "maxmemory", Long.toString(limit)));
  }

  /** How many writes a server took before it refused one, and the error it refused with. */
  private record Refusal(int written, RespValue.Error error) {
  }

  /** SETs {@code prefix<n>} for n = 0, 1, ... until the server refuses. */
  private static Refusal writeUntilRefused(RawClient c, String prefix) throws IOException {
    for (int n = 0; n < 10_000; n++) {
      RespValue reply = c.call("SET", prefix + n, VALUE);
      if (reply instanceof RespValue.Error e) {
        return new Refusal(n, e);
      }
      assertEquals(RespValue.ok(), reply);
    }
    throw new AssertionError("writes never refused: maxmemory is not enforced");
  }

  private static void assertAllThere(RawClient c, String prefix, int count) throws IOException {
    List<RespValue> values = pipeline(c, count, n -> new String[] {"GET", prefix + n});
    for (int n = 0; n < count; n++) {
      assertArrayEquals(VALUE, values.get(n));
    }
  }

  private static void assertArrayEquals(byte[] expected, RespValue actual) {
    RespValue.BulkString bulk = assertInstanceOf(RespValue.BulkString.class, actual, "a key was lost");
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, bulk.value());
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

  /** A counter of INFO stats; tests compare differences, as the servers live across tests. */
  private static long counter(RawClient c, String field) throws IOException {
    return stat(c, "stats", field).value();
  }

  private static long used(RawClient c) throws IOException {
    return stat(c, "memory", "used_memory").value();
  }

  private static long maxMemory(RawClient c) throws IOException {
    return stat(c, "memory", "maxmemory").value();
  }

  private static RespValue.Integer stat(RawClient c, String section, String field) throws IOException {
    String value = info(c, section).get(field);
    assertNotNull(value, () -> "INFO " + section + " has no " + field);
    return new RespValue.Integer(Long.parseLong(value));
  }

  /** The {@code db0} line of INFO keyspace as numbers (keys, expires, ...); empty if db0 has no keys. */
  private static Map<String, Long> keyspace(RawClient c) throws IOException {
    Map<String, Long> out = new HashMap<>();
    String line = info(c, "keyspace").get("db0");
    if (line != null) {
      for (String pair : line.split(",")) {
        String[] kv = pair.split("=", 2);
        out.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    return out;
  }

  private static Map<String, String> info(RawClient c, String section) throws IOException {
    RespValue reply = c.call("INFO", section);
    RespValue.BulkString bulk = assertInstanceOf(RespValue.BulkString.class, reply);
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
