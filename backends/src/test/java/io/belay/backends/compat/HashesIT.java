package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import io.belay.protocol.RespValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashesIT extends DifferentialTest {

  @Test
  void shouldSetAndGetFieldsLikeRedis() throws Exception {
    same("HSET", "h", "f1", "v1", "f2", "v2", "f3", "v3");
    same("HSET", "h", "f1", "new", "f4", "v4");
    same("HGET", "h", "f1");
    same("HGET", "h", "nope");
    same("HGET", "missing", "f1");
    same("HMGET", "h", "f1", "nope", "f4");
    same("HMGET", "missing", "a", "b");
    same("HLEN", "h");
    same("HLEN", "missing");
    same("HEXISTS", "h", "f2");
    same("HEXISTS", "h", "nope");
    same("HEXISTS", "missing", "f2");
    same("HSTRLEN", "h", "f1");
    same("HSTRLEN", "h", "nope");
    same("HSTRLEN", "missing", "f1");
    same("HSETNX", "h", "f1", "x");
    same("HSETNX", "h", "f5", "x");
    same("HSETNX", "fresh", "f", "v");
    same("HMSET", "h", "f6", "v6", "f2", "changed");
    same("HGETALL", "h");
    same("HKEYS", "h");
    same("HVALS", "h");
    same("HGETALL", "missing");
    same("HKEYS", "missing");
    same("HVALS", "missing");
    same("HSET", "h", "", "");
    same("HGET", "h", "");
  }

  @Test
  void shouldKeepInsertionOrderOfASmallHashAcrossDeletesAndOverwrites() throws Exception {
    for (int i = 0; i < 20; i++) {
      both("HSET", "h", "field" + (i * 7 % 20), "v" + i);
    }
    same("HDEL", "h", "field3", "field11");
    same("HSET", "h", "field5", "overwritten", "field3", "back");
    same("HGETALL", "h");
    same("HKEYS", "h");
    same("HVALS", "h");
    same("HRANDFIELD", "h", "100", "WITHVALUES");
    same("HSCAN", "h", "0");
    same("OBJECT", "ENCODING", "h");
  }

  @Test
  void shouldDeleteFieldsAndTheEmptiedKey() throws Exception {
    same("HSET", "h", "a", "1", "b", "2");
    same("HDEL", "h", "a", "a", "nope");
    same("EXISTS", "h");
    same("HDEL", "h", "b");
    same("EXISTS", "h");
    same("HDEL", "h", "b");
    same("HDEL", "missing", "x");
    same("HSET", "h", "a", "1");
    same("HDEL", "h", "a", "b", "c");
    same("TYPE", "h");
  }

  @Test
  void shouldRejectWrongTypesAndArities() throws Exception {
    both("SET", "s", "string");
    for (Object[] cmd : new Object[][] {
        {"HSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"}, {"HMSET", "s", "f", "v"}, {"HGET", "s", "f"},
        {"HMGET", "s", "f"}, {"HDEL", "s", "f"}, {"HLEN", "s"}, {"HSTRLEN", "s", "f"}, {"HEXISTS", "s", "f"},
        {"HKEYS", "s"}, {"HVALS", "s"}, {"HGETALL", "s"}, {"HINCRBY", "s", "f", "1"},
        {"HINCRBYFLOAT", "s", "f", "1"}, {"HSCAN", "s", "0"}, {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"},
        {"HRANDFIELD", "s", "0"}}) {
      sameError(cmd);
    }
    for (Object[] cmd : new Object[][] {
        {"HSET", "h", "f"}, {"HSET", "h", "f", "v", "g"}, {"HMSET", "h", "f"}, {"HSET", "h"}, {"HGET", "h"},
        {"HMGET", "h"}, {"HDEL", "h"}, {"HLEN"}, {"HSTRLEN", "h"}, {"HEXISTS", "h"}, {"HKEYS"}, {"HVALS", "h", "x"},
        {"HGETALL"}, {"HINCRBY", "h", "f"}, {"HINCRBYFLOAT", "h", "f"}, {"HSCAN", "h"}, {"HRANDFIELD"},
        {"HSETNX", "h", "f"}}) {
      sameError(cmd);
    }
    same("EXISTS", "h");
  }

  @Test
  void shouldIncrementIntegersWithOverflowChecks() throws Exception {
    same("HINCRBY", "h", "n", "5");
    same("HINCRBY", "h", "n", "-12");
    same("HINCRBY", "h", "n", "0");
    same("HINCRBY", "h", "n", "x");
    same("HINCRBY", "h", "n", "1.5");
    same("HINCRBY", "h", "n", "99999999999999999999");
    same("HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808", "txt", "abc", "sp", " 1");
    same("HINCRBY", "h", "max", "1");
    same("HINCRBY", "h", "max", "-1");
    same("HINCRBY", "h", "min", "-1");
    same("HINCRBY", "h", "min", "9223372036854775807");
    same("HINCRBY", "h", "txt", "1");
    same("HINCRBY", "h", "sp", "1");
    same("HINCRBY", "fresh", "f", "-9223372036854775808");
    same("HGETALL", "h");
  }

  @Test
  void shouldIncrementFloatsAsRedisDoesInLongDouble() throws Exception {
    same("HINCRBYFLOAT", "h", "f", "10.5");
    same("HINCRBYFLOAT", "h", "f", "0.1");
    same("HINCRBYFLOAT", "h", "f", "-5.0e3");
    same("HINCRBYFLOAT", "h", "f", "3");
    same("HINCRBYFLOAT", "h", "g", "1e308");
    same("HINCRBYFLOAT", "h", "g", "1e308");
    same("HINCRBYFLOAT", "h", "f", "abc");
    same("HINCRBYFLOAT", "h", "f", "inf");
    same("HINCRBYFLOAT", "h", "f", "-Infinity");
    same("HINCRBYFLOAT", "h", "f", "nan");
    same("HINCRBYFLOAT", "h", "f", " 1");
    same("HINCRBYFLOAT", "h", "f", "");
    same("HSET", "h", "txt", "x1", "inf", "inf", "int", "17");
    same("HINCRBYFLOAT", "h", "txt", "1");
    same("HINCRBYFLOAT", "h", "inf", "1");
    same("HINCRBYFLOAT", "h", "int", "0.25");
    same("HINCRBYFLOAT", "fresh", "f", "-0.0");
    // the 309-digit value made "h" a hashtable: its order is the hash table's
    assertEquals(pairs(oracle.call("HGETALL", "h")), pairs(subject.call("HGETALL", "h")));
    same("HGETALL", "fresh");
  }

  @Test
  void shouldStoreBinaryFieldsAndValues() throws Exception {
    byte[] field = {'f', 0, '\r', '\n', (byte) 0xff};
    byte[] value = {'v', '\r', '\n', 0, 'x'};
    same("HSET", "h", field, value);
    same("HGET", "h", field);
    same("HSTRLEN", "h", field);
    same("HEXISTS", "h", new byte[] {'f', 0});
    same("HGETALL", "h");
    same("HSCAN", "h", "0");
    same("HRANDFIELD", "h", "1", "WITHVALUES");
    same("HDEL", "h", field);
    same("EXISTS", "h");
  }

  @Test
  void shouldConvertLargeHashesAndScanThemCompletely() throws Exception {
    for (int i = 0; i < 600; i++) {
      both("HSET", "big", "field:" + i, "value:" + i);
      if (i == 511 || i == 512) {
        same("OBJECT", "ENCODING", "big");
      }
    }
    byte[] longValue = "x".repeat(65).getBytes();
    same("HSET", "long", "f", "short");
    same("OBJECT", "ENCODING", "long");
    same("HSET", "long", "g", longValue);
    same("OBJECT", "ENCODING", "long");
    same("HDEL", "long", "g");
    same("OBJECT", "ENCODING", "long");
    same("HSETNX", "nx", "f", "v");
    same("HSETNX", "nx", "f", longValue);
    same("OBJECT", "ENCODING", "nx");
    same("OBJECT", "ENCODING", "big");
    same("HLEN", "big");
    assertEquals(pairs(oracle.call("HGETALL", "big")), pairs(subject.call("HGETALL", "big")));
    sameUnordered("HKEYS", "big");
    sameUnordered("HVALS", "big");
    assertEquals(scanAll(oracle, "HSCAN", "big", null, 600), scanAll(subject, "HSCAN", "big", null, 600));
    assertEquals(scanAll(oracle, "HSCAN", "big", "field:1*", 111), scanAll(subject, "HSCAN", "big", "field:1*", 111));
    RespValue.Array step = (RespValue.Array) subject.call("HSCAN", "big", "0", "COUNT", "5");
    assertTrue(((RespValue.Array) step.elements().get(1)).elements().size() >= 10, "COUNT 5 returns pairs");
  }

  @Test
  void shouldScanSmallHashesWholeAndCheckOptions() throws Exception {
    same("HSET", "h", "a", "1", "b", "2", "ab", "3");
    same("HSCAN", "h", "0");
    same("HSCAN", "h", "123");
    same("HSCAN", "h", "0", "MATCH", "a*");
    same("HSCAN", "h", "0", "MATCH", "*", "COUNT", "1");
    same("HSCAN", "h", "0", "COUNT", "0");
    same("HSCAN", "h", "0", "COUNT", "-1");
    same("HSCAN", "h", "0", "COUNT", "x");
    same("HSCAN", "h", "0", "COUNT");
    same("HSCAN", "h", "0", "TYPE", "string");
    same("HSCAN", "h", "0", "NOPE", "x");
    same("HSCAN", "h", "abc");
    same("HSCAN", "h", "-1");
    same("HSCAN", "h", "18446744073709551615");
    same("HSCAN", "h", "18446744073709551616");
    same("HSCAN", "h", "-18446744073709551615");
    same("HSCAN", "h", "+3");
    same("HSCAN", "h", "");
    same("HSCAN", "h", "-");
    same("HSCAN", "h", " 1");
    same("HSCAN", "h", "1 ");
    same("HSCAN", "missing", "0");
    same("HSCAN", "missing", "0", "COUNT", "0");
  }

  @Test
  void shouldPickRandomFieldsWithRedisRules() throws Exception {
    for (int i = 0; i < 10; i++) {
      both("HSET", "h", "f" + i, "v" + i);
    }
    Set<String> fields = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      fields.add("f" + i);
    }
    same("HRANDFIELD", "missing");
    same("HRANDFIELD", "missing", "5");
    same("HRANDFIELD", "missing", "-5", "WITHVALUES");
    same("HRANDFIELD", "h", "0");
    same("HRANDFIELD", "h", "10");
    same("HRANDFIELD", "h", "9223372036854775807");
    same("HRANDFIELD", "h", "-9223372036854775808");
    same("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES");
    same("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES");
    same("HRANDFIELD", "h", "1", "WITHVALUE");
    same("HRANDFIELD", "h", "1", "WITHVALUES", "x");
    same("HRANDFIELD", "h", "x");
    for (int round = 0; round < 20; round++) {
      RespValue one = subject.call("HRANDFIELD", "h");
      assertTrue(fields.contains(((RespValue.BulkString) one).asString()));
      List<String> distinct = strings(subject.call("HRANDFIELD", "h", "4"));
      assertEquals(4, distinct.size());
      assertEquals(4, new HashSet<>(distinct).size(), "a positive count gives distinct fields");
      assertTrue(fields.containsAll(distinct));
      List<String> most = strings(subject.call("HRANDFIELD", "h", "8"));
      assertEquals(8, new HashSet<>(most).size());
      List<String> repeated = strings(subject.call("HRANDFIELD", "h", "-25"));
      assertEquals(25, repeated.size(), "a negative count may repeat fields");
      assertTrue(fields.containsAll(repeated));
      List<String> withValues = strings(subject.call("HRANDFIELD", "h", "-6", "WITHVALUES"));
      assertEquals(12, withValues.size());
      for (int i = 0; i < withValues.size(); i += 2) {
        assertEquals("v" + withValues.get(i).substring(1), withValues.get(i + 1));
      }
    }
  }

  @Test
  void shouldPickRandomFieldsFromLargeHashes() throws Exception {
    for (int i = 0; i < 200; i++) {
      both("HSET", "big", "f" + i, "v" + i);
    }
    List<String> few = strings(subject.call("HRANDFIELD", "big", "10", "WITHVALUES"));
    assertEquals(20, few.size());
    Map<String, String> picked = new HashMap<>();
    for (int i = 0; i < few.size(); i += 2) {
      picked.put(few.get(i), few.get(i + 1));
    }
    assertEquals(10, picked.size());
    picked.forEach((f, v) -> assertEquals("v" + f.substring(1), v));
    assertEquals(150, new HashSet<>(strings(subject.call("HRANDFIELD", "big", "150"))).size());
    assertEquals(pairs(oracle.call("HRANDFIELD", "big", "500", "WITHVALUES")),
        pairs(subject.call("HRANDFIELD", "big", "500", "WITHVALUES")));
  }

  @Test
  void shouldReplyInResp3WithMapsAndPairs() throws Exception {
    both("HELLO", "3");
    try {
      same("HSET", "h", "a", "1", "b", "2");
      RespValue all = same("HGETALL", "h");
      assertInstanceOf(RespValue.Map.class, all);
      same("HGETALL", "missing");
      same("HKEYS", "h");
      same("HGET", "h", "nope");
      same("HMGET", "h", "a", "nope");
      same("HRANDFIELD", "h", "2", "WITHVALUES");
      same("HRANDFIELD", "missing");
      same("HRANDFIELD", "h", "0", "WITHVALUES");
      RespValue pairs = subject.call("HRANDFIELD", "h", "-3", "WITHVALUES");
      assertEquals(3, ((RespValue.Array) pairs).elements().size());
      assertInstanceOf(RespValue.Array.class, ((RespValue.Array) pairs).elements().get(0));
      same("HINCRBYFLOAT", "h", "f", "1.5");
      same("HINCRBY", "h", "a", "1");
      same("HSCAN", "h", "0");
    } finally {
      both("HELLO", "2");
    }
  }

  /** Every (field, value) an SCAN-style command returns over a whole iteration. */
  static Map<String, String> scanAll(RawClient client, String command, String key, String match, int expected)
      throws IOException {
    Map<String, String> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      RespValue reply = match == null ? client.call(command, key, cursor, "COUNT", "7")
          : client.call(command, key, cursor, "MATCH", match, "COUNT", "7");
      RespValue.Array a = (RespValue.Array) reply;
      cursor = ((RespValue.BulkString) a.elements().get(0)).asString();
      List<String> items = strings(a.elements().get(1));
      for (int i = 0; i < items.size(); i += 2) {
        seen.put(items.get(i), items.get(i + 1));
      }
      assertTrue(++calls < 10_000, "scan did not finish");
    } while (!cursor.equals("0"));
    assertEquals(expected, seen.size());
    return seen;
  }

  static Map<String, String> pairs(RespValue reply) {
    List<String> items = strings(reply);
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      out.put(items.get(i), items.get(i + 1));
    }
    return out;
  }

  static List<String> strings(RespValue reply) {
    List<RespValue> elements = reply instanceof RespValue.Map m ? m.keysAndValues() : ((RespValue.Array) reply).elements();
    List<String> out = new ArrayList<>();
    for (RespValue e : elements) {
      out.add(((RespValue.BulkString) e).asString());
    }
    return out;
  }
}
