package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.command.Engine;
import io.belay.backends.command.Propagator;
import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import io.belay.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetsIT extends DifferentialTest {

  private static final byte[] BINARY = {'a', 0, '\r', '\n', 'b', (byte) 0xff};

  @Test
  void shouldAddRemoveAndQueryLikeRedis() throws Exception {
    same("SADD", "s", "a", "b", "c", "a");
    same("SADD", "s", "a");
    same("SCARD", "s");
    same("SCARD", "missing");
    sameUnordered("SMEMBERS", "s");
    same("SMEMBERS", "missing");
    same("SISMEMBER", "s", "a");
    same("SISMEMBER", "s", "z");
    same("SISMEMBER", "missing", "a");
    same("SMISMEMBER", "s", "a", "z", "c");
    same("SMISMEMBER", "missing", "a", "b");
    same("SREM", "s", "a", "z", "a");
    same("SREM", "missing", "a");
    same("SREM", "s", "b", "c", "d");
    same("EXISTS", "s");
    same("SCARD", "s");
  }

  @Test
  void shouldKeepIntegerSetsSortedAndEncodedLikeRedis() throws Exception {
    same("SADD", "ints", "5", "-3", "100", "0", "-9223372036854775808", "9223372036854775807", "42");
    same("SMEMBERS", "ints");
    same("OBJECT", "ENCODING", "ints");
    same("SSCAN", "ints", "0");
    same("SADD", "ints", "07");
    same("OBJECT", "ENCODING", "ints");
    same("SREM", "ints", "07");
    same("OBJECT", "ENCODING", "ints");
    same("SADD", "neg0", "-0");
    same("OBJECT", "ENCODING", "neg0");
    Object[] many = new Object[2 + 513];
    many[0] = "SADD";
    many[1] = "big";
    for (int i = 0; i < 513; i++) {
      many[2 + i] = Integer.toString(i * 3);
    }
    same(many);
    same("OBJECT", "ENCODING", "big");
    same("SREM", "big", "0");
    same("OBJECT", "ENCODING", "big");
    same("SADD", "s1", "3", "1", "2");
    same("SADD", "s2", "2", "3", "4");
    same("SINTER", "s1", "s2");
    same("SUNION", "s1", "s2");
    same("SDIFF", "s1", "s2");
    same("SUNIONSTORE", "u", "s1", "s2");
    same("OBJECT", "ENCODING", "u");
    same("SMEMBERS", "u");
  }

  @Test
  void shouldMoveMembersLikeRedis() throws Exception {
    same("SADD", "a", "x", "y");
    same("SADD", "b", "y");
    same("SMOVE", "a", "b", "x");
    same("SMOVE", "a", "b", "x");
    same("SMOVE", "a", "b", "y");
    same("EXISTS", "a");
    sameUnordered("SMEMBERS", "b");
    same("SMOVE", "b", "b", "y");
    same("SMOVE", "b", "b", "zzz");
    same("SMOVE", "b", "fresh", "x");
    same("SMEMBERS", "fresh");
    same("SMOVE", "missing", "b", "x");
    same("SET", "str", "v");
    same("SMOVE", "missing", "str", "x");
    sameError("SMOVE", "str", "b", "x");
    sameError("SMOVE", "b", "str", "y");
    sameError("SMOVE", "b", "str", "nope");
    same("SISMEMBER", "b", "y");
  }

  @Test
  void shouldComputeIntersectionsUnionsAndDifferencesLikeRedis() throws Exception {
    same("SADD", "a", "1", "2", "3", "x", "y");
    same("SADD", "b", "2", "3", "y", "z");
    same("SADD", "c", "3", "y", "q");
    sameUnordered("SINTER", "a", "b", "c");
    sameUnordered("SINTER", "a", "b");
    sameUnordered("SINTER", "a");
    sameUnordered("SINTER", "a", "a");
    same("SINTER", "a", "missing");
    sameUnordered("SUNION", "a", "b", "c", "missing");
    sameUnordered("SDIFF", "a", "b");
    sameUnordered("SDIFF", "a", "missing", "c");
    same("SDIFF", "a", "a");
    same("SDIFF", "missing", "a");
    same("SINTERCARD", "3", "a", "b", "c");
    same("SINTERCARD", "2", "a", "b", "LIMIT", "2");
    same("SINTERCARD", "2", "a", "b", "LIMIT", "0");
    same("SINTERCARD", "2", "a", "b", "limit", "100");
    same("SINTERCARD", "2", "a", "missing");
    same("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "3");
    sameError("SINTERCARD", "0", "a");
    sameError("SINTERCARD", "-1", "a");
    sameError("SINTERCARD", "x", "a");
    sameError("SINTERCARD", "3", "a", "b");
    sameError("SINTERCARD", "1", "a", "LIMIT", "-1");
    sameError("SINTERCARD", "1", "a", "LIMIT", "x");
    sameError("SINTERCARD", "1", "a", "LIMIT");
    sameError("SINTERCARD", "1", "a", "FOO", "1");
    same("SINTERSTORE", "d", "a", "b");
    sameUnordered("SMEMBERS", "d");
    same("SUNIONSTORE", "d", "a", "c");
    sameUnordered("SMEMBERS", "d");
    same("SDIFFSTORE", "d", "a", "b", "c");
    sameUnordered("SMEMBERS", "d");
    same("SINTERSTORE", "a", "a", "b");
    sameUnordered("SMEMBERS", "a");
    same("SINTERSTORE", "d", "a", "missing");
    same("EXISTS", "d");
    same("SINTERSTORE", "d", "a", "missing");
    same("SUNIONSTORE", "d", "missing");
    same("SDIFFSTORE", "d", "b", "b");
    same("EXISTS", "d");
  }

  @Test
  void shouldReplaceStoreDestinationsOfAnyTypeAndTtl() throws Exception {
    same("SADD", "a", "m");
    same("SET", "d", "string");
    same("EXPIRE", "d", "100");
    same("SUNIONSTORE", "d", "a");
    same("TYPE", "d");
    same("TTL", "d");
    same("RPUSH", "l", "x");
    same("SDIFFSTORE", "l", "a", "missing");
    same("TYPE", "l");
    same("SET", "str", "v");
    same("SINTERSTORE", "str", "a", "nope");
    same("EXISTS", "str");
  }

  @Test
  void shouldRefuseWrongTypesEvenAfterAMissingKey() throws Exception {
    same("SET", "str", "v");
    same("SADD", "s", "a");
    for (Object[] cmd : new Object[][] {{"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"},
        {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"}, {"SCARD", "str"}, {"SPOP", "str"},
        {"SPOP", "str", "0"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"}, {"SINTER", "missing", "str"},
        {"SUNION", "s", "str"}, {"SDIFF", "missing", "str"}, {"SINTERCARD", "2", "missing", "str"},
        {"SINTERSTORE", "d", "missing", "str"}, {"SUNIONSTORE", "d", "str"}, {"SDIFFSTORE", "d", "s", "str"},
        {"SSCAN", "str", "0"}, {"SSCAN", "str", "0", "FOO"}}) {
      sameError(cmd);
    }
    for (Object[] cmd : new Object[][] {{"SADD", "s"}, {"SREM", "s"}, {"SMEMBERS"}, {"SISMEMBER", "s"},
        {"SMISMEMBER", "s"}, {"SCARD"}, {"SPOP"}, {"SRANDMEMBER"}, {"SMOVE", "a", "b"}, {"SINTER"},
        {"SINTERCARD", "1"}, {"SINTERSTORE", "d"}, {"SUNION"}, {"SUNIONSTORE", "d"}, {"SDIFF"}, {"SDIFFSTORE", "d"},
        {"SSCAN", "s"}}) {
      sameError(cmd);
    }
    same("GET", "str");
    same("EXISTS", "d");
  }

  @Test
  void shouldPopAndSampleWithRedisArgumentRules() throws Exception {
    same("SADD", "s", "a", "b", "c");
    sameError("SPOP", "s", "-1");
    sameError("SPOP", "s", "x");
    sameError("SPOP", "s", "1", "2");
    sameError("SRANDMEMBER", "s", "1", "2");
    sameError("SRANDMEMBER", "s", "x");
    sameError("SRANDMEMBER", "s", "-9223372036854775808");
    sameError("SRANDMEMBER", "s", "9223372036854775808");
    same("SPOP", "missing");
    same("SPOP", "missing", "3");
    same("SPOP", "s", "0");
    same("SRANDMEMBER", "missing");
    same("SRANDMEMBER", "missing", "5");
    same("SRANDMEMBER", "missing", "-5");
    same("SRANDMEMBER", "s", "0");
    sameUnordered("SRANDMEMBER", "s", "3");
    sameUnordered("SRANDMEMBER", "s", "9223372036854775807");
    same("SCARD", "s");
    sameUnordered("SPOP", "s", "3");
    same("EXISTS", "s");
    same("SADD", "one", "x");
    same("SPOP", "one");
    same("EXISTS", "one");
    same("SADD", "one", "y");
    same("SRANDMEMBER", "one");
    same("SRANDMEMBER", "one", "-3");
    same("SPOP", "one", "9223372036854775807");
    same("EXISTS", "one");
  }

  @Test
  void shouldPopAndSampleMembersOfTheSet() throws Exception {
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      members.add("m" + i);
    }
    for (RawClient client : List.of(oracle, subject)) {
      client.call(sadd("s", members));
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        String one = text(client.call("SRANDMEMBER", "s"));
        assertTrue(members.contains(one), one);
        seen.add(one);
      }
      assertTrue(seen.size() > 1, "SRANDMEMBER always answered " + seen);

      List<String> distinct = texts(client.call("SRANDMEMBER", "s", "50"));
      assertEquals(50, distinct.size());
      assertEquals(50, new HashSet<>(distinct).size(), "positive count repeats nothing");
      assertTrue(members.containsAll(distinct));

      List<String> repeated = texts(client.call("SRANDMEMBER", "s", "-500"));
      assertEquals(500, repeated.size());
      assertTrue(members.containsAll(repeated));
      assertTrue(new HashSet<>(repeated).size() < 500, "a negative count repeats members");

      Set<String> left = new HashSet<>(members);
      String popped = text(client.call("SPOP", "s"));
      assertTrue(left.remove(popped));
      for (String count : new String[] {"10", "150"}) {
        List<String> batch = texts(client.call("SPOP", "s", count));
        assertEquals(Integer.parseInt(count), batch.size());
        for (String m : batch) {
          assertTrue(left.remove(m), "popped twice or never there: " + m);
        }
        assertEquals(left, new HashSet<>(texts(client.call("SMEMBERS", "s"))));
      }
      List<String> rest = texts(client.call("SPOP", "s", "1000"));
      assertEquals(left, new HashSet<>(rest));
      assertEquals(new RespValue.Integer(0), client.call("EXISTS", "s"));
    }
  }

  @Test
  void shouldKeepIntsetEncodingAfterSpopRebuildsTheSet() throws Exception {
    Object[] sadd = new Object[2 + 600];
    sadd[0] = "SADD";
    sadd[1] = "s";
    for (int i = 0; i < 600; i++) {
      sadd[2 + i] = Integer.toString(i);
    }
    same(sadd);
    same("OBJECT", "ENCODING", "s");
    for (RawClient client : List.of(oracle, subject)) {
      client.call("SPOP", "s", "590");
    }
    same("SCARD", "s");
    same("OBJECT", "ENCODING", "s");
  }

  @Test
  void shouldScanLikeRedis() throws Exception {
    same("SSCAN", "missing", "0");
    same("SSCAN", "missing", "0", "FOO");
    sameError("SSCAN", "missing", "x");
    same("SADD", "small", "a", "b", "c", "ab");
    sameUnordered("SSCAN", "small", "0");
    sameUnordered("SSCAN", "small", "0", "MATCH", "a*");
    sameUnordered("SSCAN", "small", "0", "MATCH", "*", "COUNT", "1000");
    sameUnordered("SSCAN", "small", "", "match", "?");
    sameError("SSCAN", "small", "0", "COUNT", "0");
    sameError("SSCAN", "small", "0", "COUNT", "x");
    sameError("SSCAN", "small", "0", "TYPE", "string");
    sameError("SSCAN", "small", "0", "MATCH");
    sameError("SSCAN", "small", "-x");
    same("SADD", "ints", "3", "1", "2");
    same("SSCAN", "ints", "0", "COUNT", "1");
    same("SSCAN", "ints", "0", "MATCH", "[12]");
  }

  @Test
  void shouldScanEveryMemberOfALargeSet() throws Exception {
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      members.add("member:" + i);
    }
    for (RawClient client : List.of(oracle, subject)) {
      client.call(sadd("big", members));
      Set<String> seen = new HashSet<>();
      Set<String> matched = new HashSet<>();
      String cursor = "0";
      int calls = 0;
      do {
        RespValue.Array page = (RespValue.Array) client.call("SSCAN", "big", cursor, "COUNT", "37");
        cursor = text(page.elements().get(0));
        seen.addAll(texts(page.elements().get(1)));
        calls++;
      } while (!cursor.equals("0"));
      cursor = "0";
      do {
        RespValue.Array page = (RespValue.Array) client.call("SSCAN", "big", cursor, "MATCH", "member:1*");
        cursor = text(page.elements().get(0));
        matched.addAll(texts(page.elements().get(1)));
      } while (!cursor.equals("0"));
      assertEquals(members, seen);
      assertTrue(calls > 1, "a large set is scanned in several calls");
      assertEquals(111, matched.size());
      assertTrue(matched.stream().allMatch(m -> m.startsWith("member:1")));
    }
  }

  @Test
  void shouldAnswerSetsPerProtocolVersion() throws Exception {
    same("SADD", "s", "1", "2", "3");
    try (RawClient o = new RawClient(redis.port()); RawClient s = new RawClient(belay.port())) {
      o.call("HELLO", "3");
      s.call("HELLO", "3");
      for (Object[] cmd : new Object[][] {{"SMEMBERS", "s"}, {"SMEMBERS", "missing"}, {"SPOP", "missing"},
          {"SPOP", "missing", "2"}, {"SPOP", "s", "0"}, {"SRANDMEMBER", "missing"}, {"SRANDMEMBER", "missing", "2"},
          {"SRANDMEMBER", "s", "0"}, {"SRANDMEMBER", "s", "5"}, {"SINTER", "s", "missing"}, {"SUNION", "s"},
          {"SDIFF", "s", "missing"}, {"SSCAN", "missing", "0"}, {"SSCAN", "s", "0"}, {"SMISMEMBER", "s", "1", "9"},
          {"SPOP", "s", "5"}}) {
        assertEquals(o.call(cmd), s.call(cmd), () -> describe(cmd));
      }
    }
  }

  @Test
  void shouldKeepBinaryMembersIntact() throws Exception {
    byte[] empty = {};
    same("SADD", "s", BINARY, empty, "\r\n", new byte[] {0});
    sameUnordered("SMEMBERS", "s");
    same("SISMEMBER", "s", BINARY);
    same("SISMEMBER", "s", empty);
    same("SMISMEMBER", "s", new byte[] {0}, new byte[] {0, 0});
    same("SMOVE", "s", BINARY, BINARY);
    same("SMEMBERS", BINARY);
    same("SREM", "s", empty, "\r\n");
    sameUnordered("SUNION", "s", BINARY);
    sameUnordered("SSCAN", "s", "0", "MATCH", "*\r*");
  }

  @Test
  void shouldTouchWatchedKeysExactlyWhenRedisDoes() throws Exception {
    Object[][] writes = {{"SADD", "s", "a"}, {"SADD", "s", "new"}, {"SREM", "s", "zzz"}, {"SREM", "s", "a"},
        {"SMOVE", "s", "t", "zzz"}, {"SMOVE", "s", "t", "a"}, {"SMOVE", "t", "s", "b"}, {"SPOP", "s", "0"},
        {"SINTERSTORE", "s", "missing"}, {"SUNIONSTORE", "t", "missing"}, {"SDIFFSTORE", "s", "s"}};
    for (Object[] write : writes) {
      both("DEL", "s", "t");
      both("SADD", "s", "a", "b");
      both("SADD", "t", "b");
      same("WATCH", "s");
      same(write);
      same("MULTI");
      same("PING");
      same("EXEC");
    }
  }

  @Test
  void shouldPropagateSpopAsSremOrDel() throws Exception {
    // Only the embedded backend: redis-server's replication stream is not visible to a client.
    Engine engine = belay.backend().engine();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Propagator recorder = (db, args) -> seen.add(render(args));
    engine.addPropagator(recorder);
    try {
      subject.call("SADD", "s", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
      String one = text(subject.call("SPOP", "s"));
      List<String> two = texts(subject.call("SPOP", "s", "2"));
      subject.call("SPOP", "s", "0");
      subject.call("SPOP", "missing", "3");
      List<String> survivorsCase = texts(subject.call("SPOP", "s", "6"));
      subject.call("SPOP", "s", "100");
      List<String> expected = new ArrayList<>(List.of("SADD s a b c d e f g h i j", "SREM s " + one, "MULTI"));
      two.forEach(m -> expected.add("SREM s " + m));
      expected.add("EXEC");
      expected.add("MULTI");
      survivorsCase.forEach(m -> expected.add("SREM s " + m));
      expected.add("EXEC");
      expected.add("DEL s");
      List<String> actual = List.copyOf(seen);
      assertEquals(expected.size(), actual.size(), () -> actual.toString());
      // SREMs for the survivors' rebuild come in table order, not in reply order
      assertEquals(sortedWithin(expected), sortedWithin(actual));
    } finally {
      engine.removePropagator(recorder);
    }
  }

  /** The list with each MULTI ... EXEC block's commands sorted. */
  private static List<String> sortedWithin(List<String> commands) {
    List<String> out = new ArrayList<>();
    List<String> block = null;
    for (String c : commands) {
      if (c.equals("MULTI")) {
        block = new ArrayList<>();
        out.add(c);
      } else if (c.equals("EXEC") && block != null) {
        Collections.sort(block);
        out.addAll(block);
        out.add(c);
        block = null;
      } else if (block != null) {
        block.add(c);
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static String render(byte[][] args) {
    List<String> words = new ArrayList<>();
    for (byte[] arg : args) {
      words.add(new String(arg, StandardCharsets.UTF_8));
    }
    return String.join(" ", words);
  }

  private static Object[] sadd(String key, Set<String> members) {
    List<Object> args = new ArrayList<>();
    args.add("SADD");
    args.add(key);
    args.addAll(members);
    return args.toArray();
  }

  private static String text(RespValue v) {
    assertInstanceOf(RespValue.BulkString.class, v);
    return new String(((RespValue.BulkString) v).value(), StandardCharsets.UTF_8);
  }

  private static List<String> texts(RespValue v) {
    assertInstanceOf(RespValue.Array.class, v, () -> "not an array: " + v);
    List<String> out = new ArrayList<>();
    for (RespValue e : ((RespValue.Array) v).elements()) {
      out.add(text(e));
    }
    return out;
  }
}
