package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.belay.backends.testing.DifferentialTest;
import io.belay.protocol.RespValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SortedSetsIT extends DifferentialTest {

  private static final byte[] BINARY = {'m', 0, '\r', '\n', (byte) 0xff};

  private void sample() throws Exception {
    same("ZADD", "z", "1", "a", "2", "b", "2", "c", "3", "d", "-1.5", "e", "inf", "f", "-inf", "g", "0", BINARY);
  }

  @Test
  void shouldAddWithEveryFlagLikeRedis() throws Exception {
    same("ZADD", "z", "1", "a", "2", "b");
    same("ZADD", "z", "5", "a", "3", "c");
    same("ZADD", "z", "CH", "5", "a", "4", "c", "9", "d");
    same("ZADD", "z", "NX", "100", "a", "100", "nx");
    same("ZADD", "z", "XX", "100", "a", "100", "xx");
    same("ZADD", "z", "XX", "CH", "7", "a", "100", "xx2");
    same("ZADD", "z", "GT", "CH", "1", "a", "200", "b", "1", "gt");
    same("ZADD", "z", "LT", "CH", "1000", "a", "0", "b");
    same("ZADD", "z", "INCR", "2.5", "a");
    same("ZADD", "z", "INCR", "XX", "1", "missing");
    same("ZADD", "z", "INCR", "NX", "1", "a");
    same("ZADD", "z", "INCR", "GT", "-1", "a");
    same("ZADD", "z", "INCR", "LT", "-1", "a");
    same("ZADD", "z", "incr", "nx", "3", "new");
    same("ZADD", "nokey", "XX", "1", "a");
    same("ZADD", "nokey", "XX", "INCR", "1", "a");
    same("EXISTS", "nokey");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    same("ZCARD", "z");
    same("ZCARD", "missing");
  }

  @Test
  void shouldApplyRepeatedMembersInOrderAndKeepTheEncoding() throws Exception {
    same("ZADD", "z", "1", "a", "2", "a", "3", "b");
    same("ZADD", "z", "CH", "5", "a", "5", "a", "6", "b", "4", "b");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    for (int i = 0; i < 129; i++) {
      both("ZADD", "grow", Integer.toString(i), "m" + i);
      if (i == 127 || i == 128) {
        same("OBJECT", "ENCODING", "grow");
      }
    }
    same("ZREMRANGEBYRANK", "grow", "0", "-3");
    same("OBJECT", "ENCODING", "grow");
    assertEquals(HashesIT.scanAll(oracle, "ZSCAN", "grow", null, 2), HashesIT.scanAll(subject, "ZSCAN", "grow", null, 2));
  }

  @Test
  void shouldTreatExpiredKeysAsMissing() throws Exception {
    same("ZADD", "z", "1", "a");
    same("PEXPIRE", "z", "1");
    Thread.sleep(20);
    same("ZADD", "z", "XX", "2", "a");
    same("ZCARD", "z");
    same("ZADD", "z", "3", "b");
    same("TTL", "z");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
  }

  @Test
  void shouldRejectBadZaddLikeRedis() throws Exception {
    same("ZADD", "z", "1", "a");
    sameError("ZADD", "z", "NX", "XX", "1", "a");
    sameError("ZADD", "z", "GT", "LT", "1", "a");
    sameError("ZADD", "z", "NX", "GT", "1", "a");
    sameError("ZADD", "z", "NX", "LT", "1", "a");
    sameError("ZADD", "z", "INCR", "1", "a", "2", "b");
    sameError("ZADD", "z", "1", "a", "2");
    sameError("ZADD", "z", "NX");
    sameError("ZADD", "z", "x", "a");
    sameError("ZADD", "z", "nan", "a");
    sameError("ZADD", "z", "1e400", "a");
    sameError("ZADD", "z", "1e-400", "a");
    sameError("ZADD", "z", " 1", "a");
    sameError("ZADD", "z", "1 ", "a");
    sameError("ZADD", "z", "", "a");
    sameError("ZADD", "z", "1f", "a");
    sameError("ZADD", "z", "1d", "a");
    sameError("ZADD", "z", "0x", "a");
    sameError("ZADD", "z", "1e", "a");
    sameError("ZADD", "z");
    sameError("ZADD", "z", "1");
    same("ZADD", "z", "0x1p3", "hex", "+5", "plus", ".5", "dot", "5.", "dot2", "1E2", "exp", "-INF", "ninf");
    same("ZADD", "z", "1e-310", "tiny", "Infinity", "pinf");
    same("ZADD", "z", "inf", "pinf2");
    same("ZADD", "z", "INCR", "-inf", "pinf2");
    same("ZINCRBY", "z", "-inf", "pinf");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    same("ZSCORE", "z", "tiny");
    both("SET", "s", "x");
    sameError("ZADD", "s", "1", "a");
    sameError("ZADD", "s", "x", "a");
  }

  @Test
  void shouldFormatScoresAsRedis7Does() throws Exception {
    same("ZADD", "z", "0.1", "a", "-0", "b", "1e17", "c", "1.5e-7", "d", "123456789012345678", "e",
        "4611686018427387904", "f", "9223372036854775808", "g", "0.3", "h", "1e-5", "i", "1e16", "j", "3.0", "k",
        "-2.5", "l", "1.7976931348623157e308", "m", "5e-324", "n");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    same("ZSCAN", "z", "0");
    for (String m : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n")) {
      same("ZSCORE", "z", m);
    }
    same("ZINCRBY", "z", "0.2", "a");
    same("ZINCRBY", "z", "-0", "b");
    same("ZADD", "big", "1", "x".repeat(65), "-0", "negzero", "1e17", "c");
    same("OBJECT", "ENCODING", "big");
    same("ZSCORE", "big", "negzero");
    // a skiplist's ZSCAN walks its hash table: compare what was returned, not the order
    assertEquals(HashesIT.scanAll(oracle, "ZSCAN", "big", null, 3), HashesIT.scanAll(subject, "ZSCAN", "big", null, 3));
  }

  @Test
  void shouldIncrementAndRejectNaN() throws Exception {
    same("ZINCRBY", "z", "1.5", "a");
    same("ZINCRBY", "z", "-3", "a");
    same("ZINCRBY", "z", "x", "a");
    same("ZINCRBY", "z", "nx", "a");
    same("ZINCRBY", "z", "inf", "a");
    same("ZINCRBY", "z", "-inf", "a");
    same("ZADD", "z", "INCR", "-inf", "a");
    same("ZSCORE", "z", "a");
    same("ZADD", "z", "inf", "b");
    same("ZADD", "z", "INCR", "-inf", "b");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
  }

  @Test
  void shouldRemoveAndDeleteTheEmptiedKey() throws Exception {
    sample();
    same("ZREM", "z", "a", "a", "nope", BINARY);
    same("ZREM", "missing", "a");
    same("ZCARD", "z");
    same("ZREM", "z", "b", "c", "d", "e", "f", "g");
    same("EXISTS", "z");
    same("ZADD", "z", "1", "a");
    same("ZREMRANGEBYRANK", "z", "0", "-1");
    same("EXISTS", "z");
    same("ZADD", "z", "1", "a");
    same("ZREMRANGEBYSCORE", "z", "-inf", "+inf");
    same("EXISTS", "z");
    same("ZADD", "z", "1", "a");
    same("ZREMRANGEBYLEX", "z", "-", "+");
    same("EXISTS", "z");
    same("ZADD", "z", "1", "a");
    same("ZPOPMIN", "z");
    same("EXISTS", "z");
  }

  @Test
  void shouldAnswerScoresRanksAndCounts() throws Exception {
    sample();
    same("ZSCORE", "z", "a");
    same("ZSCORE", "z", "f");
    same("ZSCORE", "z", "nope");
    same("ZSCORE", "missing", "a");
    same("ZSCORE", "z", BINARY);
    same("ZMSCORE", "z", "a", "nope", "g", BINARY);
    same("ZMSCORE", "missing", "a", "b");
    for (String m : List.of("a", "b", "c", "d", "e", "f", "g", "nope")) {
      same("ZRANK", "z", m);
      same("ZREVRANK", "z", m);
    }
    same("ZRANK", "missing", "a");
    same("ZCOUNT", "z", "-inf", "+inf");
    same("ZCOUNT", "z", "(1", "3");
    same("ZCOUNT", "z", "1", "(2");
    same("ZCOUNT", "z", "(2", "(2");
    same("ZCOUNT", "z", "2", "2");
    same("ZCOUNT", "z", "3", "1");
    same("ZCOUNT", "z", "", "");
    same("ZCOUNT", "z", "(", "+inf");
    same("ZCOUNT", "z", " 1", "5");
    same("ZCOUNT", "z", "1e400", "inf");
    same("ZCOUNT", "z", "-1e400", "0x10");
    same("ZCOUNT", "z", "(-inf", "(inf");
    same("ZCOUNT", "z", "1 ", "5");
    same("ZCOUNT", "z", "nan", "5");
    same("ZCOUNT", "z", "((1", "5");
    same("ZCOUNT", "z", "x", "5");
    same("ZCOUNT", "missing", "0", "1");
    same("ZCOUNT", "missing", "x", "1");
    both("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "");
    for (String[] r : new String[][] {{"-", "+"}, {"[b", "[d"}, {"(b", "(d"}, {"[b", "(b"}, {"+", "-"}, {"-", "-"},
        {"+", "+"}, {"[", "+"}, {"(", "+"}, {"[c", "+"}, {"-", "(c"}, {"b", "+"}, {"[a", "x"}, {"+a", "+"},
        {"-", "-b"}, {"", "+"}}) {
      same("ZLEXCOUNT", "lex", r[0], r[1]);
    }
    same("ZLEXCOUNT", "missing", "-", "+");
    same("ZLEXCOUNT", "missing", "x", "+");
  }

  @Test
  void shouldRangeByRankScoreAndLexInEveryDirection() throws Exception {
    sample();
    for (String[] r : new String[][] {{"0", "-1"}, {"1", "3"}, {"-3", "-1"}, {"-100", "100"}, {"5", "2"},
        {"100", "200"}, {"-1", "-100"}, {"0", "0"}, {"-9223372036854775808", "9223372036854775807"}}) {
      same("ZRANGE", "z", r[0], r[1]);
      same("ZRANGE", "z", r[0], r[1], "WITHSCORES");
      same("ZRANGE", "z", r[0], r[1], "REV", "WITHSCORES");
      same("ZREVRANGE", "z", r[0], r[1], "WITHSCORES");
    }
    for (String[] r : new String[][] {{"-inf", "+inf"}, {"(1", "3"}, {"1", "(2"}, {"(2", "(2"}, {"2", "2"},
        {"3", "1"}, {"(-inf", "(inf"}, {"-1.5", "-1.5"}}) {
      same("ZRANGEBYSCORE", "z", r[0], r[1]);
      same("ZRANGEBYSCORE", "z", r[0], r[1], "WITHSCORES");
      same("ZREVRANGEBYSCORE", "z", r[1], r[0], "WITHSCORES");
      same("ZRANGE", "z", r[0], r[1], "BYSCORE", "WITHSCORES");
      same("ZRANGE", "z", r[1], r[0], "BYSCORE", "REV");
      for (String[] limit : new String[][] {{"0", "2"}, {"1", "-1"}, {"2", "0"}, {"-1", "3"}, {"100", "1"},
          {"7", "5"}}) {
        same("ZRANGEBYSCORE", "z", r[0], r[1], "LIMIT", limit[0], limit[1]);
        same("ZREVRANGEBYSCORE", "z", r[1], r[0], "WITHSCORES", "LIMIT", limit[0], limit[1]);
        same("ZRANGE", "z", r[0], r[1], "BYSCORE", "LIMIT", limit[0], limit[1], "WITHSCORES");
      }
    }
    both("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "aa", "0", BINARY);
    for (String[] r : new String[][] {{"-", "+"}, {"[b", "[d"}, {"(b", "(d"}, {"[aa", "(c"}, {"+", "-"}, {"[z", "+"},
        {"-", "[a"}}) {
      same("ZRANGEBYLEX", "lex", r[0], r[1]);
      same("ZREVRANGEBYLEX", "lex", r[1], r[0]);
      same("ZRANGE", "lex", r[0], r[1], "BYLEX");
      same("ZRANGE", "lex", r[1], r[0], "BYLEX", "REV", "LIMIT", "1", "2");
      same("ZRANGEBYLEX", "lex", r[0], r[1], "LIMIT", "0", "3");
      same("ZRANGEBYLEX", "lex", r[0], r[1], "LIMIT", "-1", "3");
    }
    same("ZRANGE", "missing", "0", "-1");
    same("ZRANGEBYSCORE", "missing", "0", "1");
    same("ZRANGEBYLEX", "missing", "-", "+");
  }

  @Test
  void shouldRejectBadRangeArgumentsLikeRedis() throws Exception {
    sample();
    same("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1");
    same("ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1");
    same("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES");
    same("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX");
    same("ZRANGE", "z", "0", "1", "REV", "REV");
    same("ZRANGE", "z", "0", "1", "LIMIT", "0");
    same("ZRANGE", "z", "0", "1", "LIMIT", "x", "1");
    same("ZRANGE", "z", "0", "1", "WITHSCORES", "x");
    same("ZRANGE", "z", "a", "1");
    same("ZRANGE", "z", "0", "1.5");
    same("ZRANGE", "z", "x", "1", "BYSCORE");
    same("ZRANGE", "z", "x", "1", "BYLEX");
    same("ZREVRANGE", "z", "0", "1", "REV");
    same("ZRANGEBYSCORE", "z", "0", "1", "BYSCORE");
    same("ZRANGEBYSCORE", "z", "0", "1", "REV");
    same("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES");
    same("ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "1");
    same("ZRANGEBYSCORE", "z", "a", "b", "LIMIT", "x", "1");
    same("ZRANGEBYSCORE", "z", "0");
    same("ZRANGE", "z", "0");
    both("SET", "s", "x");
    sameError("ZRANGE", "s", "0", "1");
    sameError("ZRANGEBYSCORE", "s", "0", "1");
    sameError("ZRANGEBYLEX", "s", "-", "+");
    sameError("ZCOUNT", "s", "0", "1");
    sameError("ZLEXCOUNT", "s", "-", "+");
    same("ZRANGE", "s", "x", "1");
  }

  @Test
  void shouldStoreRanges() throws Exception {
    sample();
    same("ZRANGESTORE", "dst", "z", "0", "2");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZRANGESTORE", "dst", "z", "(1", "inf", "BYSCORE", "LIMIT", "1", "2");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZRANGESTORE", "dst", "z", "+", "-", "BYLEX", "REV");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES");
    same("SET", "str", "x");
    same("EXPIRE", "dst", "100");
    same("ZRANGESTORE", "dst", "z", "0", "0");
    same("TTL", "dst");
    same("ZRANGESTORE", "str", "z", "0", "0");
    same("TYPE", "str");
    same("ZRANGESTORE", "dst", "z", "10", "20");
    same("EXISTS", "dst");
    same("ZRANGESTORE", "dst", "missing", "0", "-1");
    same("ZRANGESTORE", "z", "z", "0", "1");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    both("SET", "s", "x");
    same("ZRANGESTORE", "dst", "s", "0", "1");
    same("OBJECT", "ENCODING", "z");
  }

  @Test
  void shouldRemoveRanges() throws Exception {
    for (int i = 0; i < 20; i++) {
      both("ZADD", "z", Integer.toString(i % 7), "m" + i);
    }
    same("ZREMRANGEBYRANK", "z", "2", "4");
    same("ZREMRANGEBYRANK", "z", "-2", "-1");
    same("ZREMRANGEBYRANK", "z", "10", "5");
    same("ZREMRANGEBYRANK", "z", "100", "200");
    same("ZREMRANGEBYRANK", "z", "x", "1");
    same("ZREMRANGEBYSCORE", "z", "(1", "3");
    same("ZREMRANGEBYSCORE", "z", "x", "3");
    same("ZREMRANGEBYSCORE", "z", "5", "1");
    same("ZREMRANGEBYLEX", "z", "x", "+");
    same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    both("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d");
    same("ZREMRANGEBYLEX", "lex", "(a", "[c");
    same("ZRANGE", "lex", "0", "-1");
    same("ZREMRANGEBYRANK", "missing", "0", "-1");
    same("ZREMRANGEBYSCORE", "missing", "x", "1");
    both("SET", "s", "x");
    sameError("ZREMRANGEBYRANK", "s", "0", "1");
    sameError("ZREMRANGEBYSCORE", "s", "0", "1");
    sameError("ZREMRANGEBYLEX", "s", "-", "+");
  }

  @Test
  void shouldPopFromBothEnds() throws Exception {
    sample();
    same("ZPOPMIN", "z");
    same("ZPOPMAX", "z");
    same("ZPOPMIN", "z", "2");
    same("ZPOPMAX", "z", "0");
    same("ZPOPMAX", "z", "-1");
    same("ZPOPMAX", "z", "x");
    same("ZPOPMAX", "z", "1", "2");
    same("ZPOPMIN", "missing");
    same("ZPOPMIN", "missing", "3");
    same("ZPOPMAX", "z", "100");
    same("EXISTS", "z");
    sample();
    same("ZMPOP", "1", "z", "MIN");
    same("ZMPOP", "2", "missing", "z", "MAX", "COUNT", "3");
    same("ZMPOP", "1", "missing", "MAX");
    same("ZMPOP", "0", "z", "MAX");
    same("ZMPOP", "-1", "z", "MAX");
    same("ZMPOP", "x", "z", "MAX");
    same("ZMPOP", "3", "z", "MAX");
    same("ZMPOP", "1", "z", "MIDDLE");
    same("ZMPOP", "1", "z", "MIN", "COUNT", "0");
    same("ZMPOP", "1", "z", "MIN", "COUNT", "x");
    same("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1");
    same("ZMPOP", "1", "z", "MIN", "COUNT");
    same("ZMPOP", "1", "z", "MIN", "COUNT", "1000");
    same("EXISTS", "z");
    both("SET", "s", "x");
    sameError("ZPOPMIN", "s");
    sameError("ZMPOP", "2", "missing", "s", "MIN");
    sameError("BZPOPMIN", "missing", "s", "0");
    sameError("BZMPOP", "0", "2", "missing", "s", "MIN");
  }

  @Test
  void shouldServeBlockingPopsAtOnceWhenAKeyHasElements() throws Exception {
    sample();
    same("BZPOPMIN", "missing", "z", "0");
    same("BZPOPMAX", "z", "0.5");
    same("BZMPOP", "0", "2", "missing", "z", "MIN", "COUNT", "2");
    same("BZMPOP", "1", "1", "z", "MAX");
    same("BZPOPMIN", "z", "x");
    same("BZPOPMIN", "z", "-1");
    same("BZPOPMIN", "z", "nan");
    same("BZMPOP", "x", "1", "z", "MIN");
    same("BZMPOP", "0", "0", "z", "MIN");
    same("BZMPOP", "-1", "1", "z", "MIN");
    same("BZMPOP", "0", "1", "z", "MIN", "COUNT", "0");
    same("BZPOPMIN", "missing", "0.01");
    same("BZPOPMIN", "missing", "0.0001");
    same("BZPOPMIN", "missing", "inf");
    same("BZPOPMIN", "missing", "1e20");
    same("BZPOPMIN", "missing", "1e400");
    same("BZPOPMIN", "missing", "");
    same("BZPOPMIN", "missing", " 1");
    same("BZMPOP", "0.01", "1", "missing", "MIN");
  }

  @Test
  void shouldWakeBlockedPoppersWhenMembersArrive() throws Exception {
    try (var oracleWaiter = new io.belay.backends.testing.RawClient(redis.port());
        var subjectWaiter = new io.belay.backends.testing.RawClient(belay.port())) {
      oracleWaiter.send("BZPOPMIN", "a", "b", "0");
      subjectWaiter.send("BZPOPMIN", "a", "b", "0");
      Thread.sleep(100);
      same("ZADD", "b", "2", "two", "1", "one");
      assertEquals(oracleWaiter.read(), subjectWaiter.read());
      same("ZRANGE", "b", "0", "-1", "WITHSCORES");

      oracleWaiter.send("BZMPOP", "0", "1", "c", "MAX", "COUNT", "2");
      subjectWaiter.send("BZMPOP", "0", "1", "c", "MAX", "COUNT", "2");
      Thread.sleep(100);
      same("ZADD", "c", "1", "x", "2", "y", "3", "z");
      assertEquals(oracleWaiter.read(), subjectWaiter.read());
      same("ZRANGE", "c", "0", "-1");

      oracleWaiter.send("BZPOPMAX", "d", "0");
      subjectWaiter.send("BZPOPMAX", "d", "0");
      Thread.sleep(100);
      same("ZUNIONSTORE", "d", "1", "c");
      assertEquals(oracleWaiter.read(), subjectWaiter.read());
      same("EXISTS", "d");
    }
  }

  @Test
  void shouldAnswerBlockingPopsInsideMultiAsTimedOut() throws Exception {
    same("MULTI");
    same("BZPOPMIN", "missing", "0");
    same("BZMPOP", "0", "1", "missing", "MIN");
    same("ZADD", "z", "1", "a");
    same("BZPOPMAX", "z", "0");
    same("EXEC");
  }

  @Test
  void shouldCombineSetsWithWeightsAndAggregates() throws Exception {
    both("ZADD", "z1", "1", "a", "2", "b", "3", "c");
    both("ZADD", "z2", "10", "b", "20", "c", "30", "d");
    both("ZADD", "z3", "100", "c", "inf", "d", "-inf", "e");
    for (String op : List.of("ZUNION", "ZINTER")) {
      same(op, "2", "z1", "z2");
      same(op, "2", "z1", "z2", "WITHSCORES");
      same(op, "3", "z1", "z2", "z3", "WITHSCORES");
      same(op, "2", "z1", "z2", "WEIGHTS", "2", "0.5", "WITHSCORES");
      same(op, "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES");
      same(op, "2", "z1", "z2", "AGGREGATE", "max", "WEIGHTS", "-1", "1", "WITHSCORES");
      same(op, "2", "z2", "z3", "WEIGHTS", "1", "-1", "WITHSCORES");
      same(op, "2", "z2", "z3", "WEIGHTS", "0", "0", "WITHSCORES");
      same(op, "2", "z1", "missing", "WITHSCORES");
      same(op, "2", "z1", "z1", "WITHSCORES");
      same(op, "2", "z1", "z2", "WEIGHTS", "1");
      same(op, "2", "z1", "z2", "WEIGHTS", "1", "x");
      same(op, "2", "z1", "z2", "AGGREGATE", "AVG");
      same(op, "2", "z1", "z2", "AGGREGATE");
      same(op, "2", "z1", "z2", "WITHSCORES", "WITHSCORES");
      same(op, "0", "z1");
      same(op, "-1", "z1");
      same(op, "x", "z1");
      same(op, "3", "z1", "z2");
      same(op, "1", "z1", "BOGUS");
    }
    same("ZDIFF", "2", "z1", "z2", "WITHSCORES");
    same("ZDIFF", "3", "z3", "z1", "z2", "WITHSCORES");
    same("ZDIFF", "1", "missing");
    same("ZDIFF", "2", "z1", "z1");
    same("ZDIFF", "2", "z1", "z2", "WEIGHTS", "1", "1");
    same("ZDIFF", "2", "z1", "z2", "AGGREGATE", "SUM");
    same("ZDIFF", "0", "z1");
    same("ZINTERCARD", "2", "z1", "z2");
    same("ZINTERCARD", "3", "z1", "z2", "z3");
    same("ZINTERCARD", "2", "z1", "z2", "LIMIT", "1");
    same("ZINTERCARD", "2", "z1", "z2", "LIMIT", "0");
    same("ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1");
    same("ZINTERCARD", "2", "z1", "z2", "LIMIT", "x");
    same("ZINTERCARD", "2", "z1", "z2", "WITHSCORES");
    same("ZINTERCARD", "2", "z1", "z2", "WEIGHTS", "1", "2");
    same("ZINTERCARD", "0", "z1");
    both("SET", "str", "x");
    sameError("ZUNION", "2", "z1", "str");
    sameError("ZINTER", "2", "str", "z1", "BOGUS");
    sameError("ZDIFF", "1", "str");
    sameError("ZINTERCARD", "1", "str");
    sameError("ZUNIONSTORE", "dst", "1", "str");
  }

  @Test
  void shouldTreatPlainSetsAsInputsScoringOne() throws Exception {
    assumeTrue(subjectServes("SCARD", "probe"), "the embedded backend does not serve sets yet");
    both("ZADD", "z1", "1", "a", "2", "b", "3", "c");
    both("SADD", "set", "a", "d", "x");
    both("SADD", "ints", "1", "2", "3");
    same("ZUNION", "2", "z1", "set", "WITHSCORES");
    same("ZUNION", "3", "z1", "set", "ints", "WEIGHTS", "1", "2", "3", "WITHSCORES");
    same("ZINTER", "2", "z1", "set", "WITHSCORES");
    same("ZINTER", "2", "set", "set", "AGGREGATE", "MAX", "WITHSCORES");
    same("ZDIFF", "2", "set", "z1", "WITHSCORES");
    same("ZDIFF", "2", "z1", "set", "WITHSCORES");
    same("ZINTERCARD", "2", "z1", "set");
    same("ZUNIONSTORE", "dst", "2", "ints", "set");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZDIFFSTORE", "dst", "2", "z1", "set");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    sameError("ZADD", "set", "1", "a");
  }

  /** True if the embedded backend knows the command (other families land separately). */
  private boolean subjectServes(Object... probe) throws Exception {
    RespValue reply = subject.call(probe);
    return !(reply instanceof RespValue.Error e && e.message().startsWith("ERR unknown command"));
  }

  @Test
  void shouldStoreCombinations() throws Exception {
    both("ZADD", "z1", "1", "a", "2", "b", "3", "c");
    both("ZADD", "z2", "10", "b", "20", "c", "30", "d");
    same("ZUNIONSTORE", "dst", "2", "z1", "z2");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZINTERSTORE", "dst", "2", "z1", "z2", "WEIGHTS", "3", "1", "AGGREGATE", "MAX");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZDIFFSTORE", "dst", "2", "z1", "z2");
    same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
    same("ZUNIONSTORE", "dst", "2", "z1", "z2", "WITHSCORES");
    same("ZINTERSTORE", "dst", "2", "z1", "missing");
    same("EXISTS", "dst");
    same("ZINTERSTORE", "dst", "2", "z1", "missing");
    same("SET", "str", "x");
    same("EXPIRE", "str", "100");
    same("ZUNIONSTORE", "str", "1", "z1");
    same("TYPE", "str");
    same("TTL", "str");
    same("ZUNIONSTORE", "z1", "2", "z1", "z2");
    same("ZRANGE", "z1", "0", "-1", "WITHSCORES");
    same("ZDIFFSTORE", "dst", "0", "z1");
    same("ZUNIONSTORE", "dst", "1");
    for (int i = 0; i < 200; i++) {
      both("ZADD", "large", Integer.toString(i), "m" + i);
    }
    same("ZUNIONSTORE", "dst", "2", "large", "z2");
    same("OBJECT", "ENCODING", "dst");
    same("ZINTERSTORE", "dst", "2", "large", "large");
    same("ZRANGE", "dst", "0", "9", "WITHSCORES");
    same("OBJECT", "ENCODING", "dst");
    same("ZRANGESTORE", "dst", "large", "0", "9");
    same("OBJECT", "ENCODING", "dst");
  }

  @Test
  void shouldScanSmallAndLargeSets() throws Exception {
    sample();
    same("ZSCAN", "z", "0");
    same("ZSCAN", "z", "0", "MATCH", "*");
    same("ZSCAN", "z", "0", "MATCH", "[a-c]", "COUNT", "1");
    same("ZSCAN", "z", "0", "COUNT", "0");
    same("ZSCAN", "z", "0", "TYPE", "zset");
    same("ZSCAN", "z", "x");
    same("ZSCAN", "missing", "0");
    for (int i = 0; i < 300; i++) {
      both("ZADD", "big", Double.toString(i * 0.1), "member:" + i);
    }
    same("OBJECT", "ENCODING", "big");
    Map<String, String> all = HashesIT.scanAll(oracle, "ZSCAN", "big", null, 300);
    assertEquals(all, HashesIT.scanAll(subject, "ZSCAN", "big", null, 300));
    assertEquals(HashesIT.scanAll(oracle, "ZSCAN", "big", "member:2?", 10),
        HashesIT.scanAll(subject, "ZSCAN", "big", "member:2?", 10));
    both("SET", "s", "x");
    sameError("ZSCAN", "s", "0");
  }

  @Test
  void shouldPickRandomMembersWithRedisRules() throws Exception {
    for (int i = 0; i < 10; i++) {
      both("ZADD", "z", Integer.toString(i), "m" + i);
    }
    same("ZRANDMEMBER", "missing");
    same("ZRANDMEMBER", "missing", "3");
    same("ZRANDMEMBER", "z", "0");
    same("ZRANDMEMBER", "z", "10", "WITHSCORES");
    for (int i = 10; i < 200; i++) {
      both("ZADD", "large", Integer.toString(i), "m" + i);
    }
    same("ZRANDMEMBER", "large", "200");
    same("ZRANDMEMBER", "z", "9223372036854775807");
    same("ZRANDMEMBER", "z", "-9223372036854775808");
    same("ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES");
    same("ZRANDMEMBER", "z", "1", "WITHSCORE");
    same("ZRANDMEMBER", "z", "1", "WITHSCORES", "x");
    same("ZRANDMEMBER", "z", "x");
    both("SET", "s", "x");
    sameError("ZRANDMEMBER", "s");
    sameError("ZRANDMEMBER", "s", "1");
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      members.add("m" + i);
    }
    for (int round = 0; round < 20; round++) {
      assertTrue(members.contains(((RespValue.BulkString) subject.call("ZRANDMEMBER", "z")).asString()));
      List<String> distinct = HashesIT.strings(subject.call("ZRANDMEMBER", "z", "3"));
      assertEquals(3, new HashSet<>(distinct).size());
      assertTrue(members.containsAll(distinct));
      assertEquals(7, new HashSet<>(HashesIT.strings(subject.call("ZRANDMEMBER", "z", "7"))).size());
      List<String> repeated = HashesIT.strings(subject.call("ZRANDMEMBER", "z", "-30"));
      assertEquals(30, repeated.size());
      assertTrue(members.containsAll(repeated));
      List<String> withScores = HashesIT.strings(subject.call("ZRANDMEMBER", "z", "-5", "WITHSCORES"));
      for (int i = 0; i < withScores.size(); i += 2) {
        assertEquals(withScores.get(i).substring(1), withScores.get(i + 1));
      }
    }
  }

  @Test
  void shouldRejectWrongTypesAndArities() throws Exception {
    both("SET", "s", "x");
    for (Object[] cmd : new Object[][] {{"ZINCRBY", "s", "1", "a"}, {"ZREM", "s", "a"}, {"ZCARD", "s"},
        {"ZSCORE", "s", "a"}, {"ZMSCORE", "s", "a"}, {"ZRANK", "s", "a"}, {"ZREVRANK", "s", "a"},
        {"ZREVRANGE", "s", "0", "1"}, {"ZRANGESTORE", "d", "s", "0", "1"}, {"ZPOPMAX", "s"}}) {
      sameError(cmd);
    }
    for (Object[] cmd : new Object[][] {{"ZINCRBY", "z", "1"}, {"ZREM", "z"}, {"ZCARD"}, {"ZSCORE", "z"},
        {"ZMSCORE", "z"}, {"ZRANK", "z"}, {"ZREVRANK", "z", "a", "b"}, {"ZCOUNT", "z", "0"}, {"ZLEXCOUNT", "z"},
        {"ZRANGESTORE", "d", "z", "0"}, {"ZREMRANGEBYRANK", "z", "0"}, {"ZPOPMIN"}, {"ZMPOP", "1", "z"},
        {"BZPOPMIN", "z"}, {"BZMPOP", "0", "1", "z"}, {"ZUNION", "1"}, {"ZUNIONSTORE", "d", "1"},
        {"ZINTERCARD", "1"}, {"ZSCAN", "z"}, {"ZRANDMEMBER"}, {"ZDIFF", "1"}}) {
      sameError(cmd);
    }
  }

  @Test
  void shouldKeepOrderAndRanksInLargeSets() throws Exception {
    for (int i = 0; i < 500; i++) {
      both("ZADD", "big", Integer.toString((i * 37) % 101), "m" + i);
    }
    same("ZRANGE", "big", "100", "120", "WITHSCORES");
    same("ZRANGE", "big", "-50", "-30", "REV");
    same("ZRANK", "big", "m250");
    same("ZREVRANK", "big", "m250");
    same("ZCOUNT", "big", "(10", "50");
    same("ZRANGEBYSCORE", "big", "(10", "50", "LIMIT", "5", "20");
    same("ZREMRANGEBYRANK", "big", "100", "199");
    same("ZRANGE", "big", "95", "105", "WITHSCORES");
    same("ZREMRANGEBYSCORE", "big", "20", "(30");
    same("ZCARD", "big");
    same("ZINCRBY", "big", "1000", "m0");
    same("ZREVRANGE", "big", "0", "2", "WITHSCORES");
    same("ZPOPMIN", "big", "10");
    same("ZPOPMAX", "big", "10");
    same("ZRANGE", "big", "0", "-1");
  }

  @Test
  void shouldReplyInResp3WithDoublesAndPairs() throws Exception {
    both("HELLO", "3");
    try {
      sample();
      same("ZSCORE", "z", "a");
      same("ZSCORE", "z", "nope");
      same("ZMSCORE", "z", "a", "nope", "f");
      same("ZINCRBY", "z", "0.5", "a");
      same("ZADD", "z", "INCR", "1", "b");
      same("ZADD", "z", "XX", "INCR", "1", "nope");
      same("ZRANK", "z", "nope");
      same("ZRANGE", "z", "0", "-1");
      RespValue pairs = same("ZRANGE", "z", "0", "-1", "WITHSCORES");
      assertInstanceOf(RespValue.Array.class, ((RespValue.Array) pairs).elements().get(0));
      same("ZRANGEBYSCORE", "z", "-inf", "inf", "WITHSCORES", "LIMIT", "1", "3");
      same("ZREVRANGE", "z", "0", "2", "WITHSCORES");
      same("ZRANDMEMBER", "z", "100", "WITHSCORES");
      same("ZRANDMEMBER", "missing");
      same("ZUNION", "1", "z", "WITHSCORES");
      same("ZINTER", "1", "z", "WITHSCORES");
      same("ZDIFF", "1", "z", "WITHSCORES");
      same("ZSCAN", "z", "0");
      same("ZPOPMIN", "z");
      same("ZPOPMIN", "z", "2");
      same("ZPOPMAX", "z", "1");
      same("ZPOPMIN", "missing");
      same("ZMPOP", "1", "z", "MAX", "COUNT", "2");
      same("ZMPOP", "1", "missing", "MAX");
      same("BZPOPMIN", "z", "0");
      same("BZMPOP", "0", "1", "z", "MIN");
      same("BZPOPMIN", "missing", "0.01");
      same("BZMPOP", "0.01", "1", "missing", "MIN");
    } finally {
      both("HELLO", "2");
    }
  }
}
