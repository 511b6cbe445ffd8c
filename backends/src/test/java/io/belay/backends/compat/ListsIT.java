package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import org.junit.jupiter.api.Test;

class ListsIT extends DifferentialTest {

  private static final byte[] BINARY = {'a', 0, '\r', '\n', 'b', (byte) 0xff};

  @Test
  void shouldPushAndPopLikeRedis() throws Exception {
    same("LPUSH", "l", "a", "b", "c");
    same("RPUSH", "l", "d", "e");
    same("LRANGE", "l", "0", "-1");
    same("LPUSHX", "l", "x");
    same("RPUSHX", "l", "y", "z");
    same("LPUSHX", "missing", "x");
    same("RPUSHX", "missing", "x");
    same("EXISTS", "missing");
    same("LLEN", "l");
    same("LLEN", "missing");
    same("LPOP", "l");
    same("RPOP", "l");
    same("LPOP", "l", "2");
    same("RPOP", "l", "2");
    same("LPOP", "l", "0");
    same("RPOP", "l", "0");
    same("LRANGE", "l", "0", "-1");
    same("RPOP", "l", "100");
    same("EXISTS", "l");
    same("LPOP", "l");
    same("LPOP", "l", "1");
    same("RPOP", "l", "0");
  }

  @Test
  void shouldCheckPopCountsLikeRedis() throws Exception {
    same("RPUSH", "l", "a", "b");
    sameError("LPOP", "l", "-1");
    sameError("RPOP", "l", "abc");
    sameError("LPOP", "l", "1", "2");
    sameError("LPOP", "missing", "-1");
    same("LPOP", "l", "9223372036854775807");
    sameError("LPOP", "l", "9223372036854775808");
    same("EXISTS", "l");
  }

  @Test
  void shouldAnswerNullsPerProtocolVersion() throws Exception {
    try (RawClient o = new RawClient(redis.port()); RawClient s = new RawClient(belay.port())) {
      o.call("HELLO", "3");
      s.call("HELLO", "3");
      for (Object[] cmd : new Object[][] {{"LPOP", "missing"}, {"LPOP", "missing", "2"}, {"RPOP", "missing", "0"},
          {"LINDEX", "missing", "0"}, {"LPOS", "missing", "a"}, {"LPOS", "missing", "a", "COUNT", "0"},
          {"LMPOP", "1", "missing", "LEFT"}, {"LMOVE", "missing", "d", "LEFT", "LEFT"}, {"RPUSH", "l", "a"},
          {"LPOP", "l", "5"}, {"LMPOP", "2", "missing", "l", "RIGHT"}, {"LRANGE", "missing", "0", "-1"}}) {
        assertEquals(o.call(cmd), s.call(cmd), () -> describe(cmd));
      }
    }
  }

  @Test
  void shouldIndexAndSetLikeRedis() throws Exception {
    same("RPUSH", "l", "a", "b", "c");
    same("LINDEX", "l", "0");
    same("LINDEX", "l", "-1");
    same("LINDEX", "l", "-3");
    same("LINDEX", "l", "-4");
    same("LINDEX", "l", "3");
    same("LINDEX", "l", "9223372036854775807");
    same("LINDEX", "l", "-9223372036854775808");
    sameError("LINDEX", "l", "abc");
    same("LINDEX", "missing", "abc");
    same("LSET", "l", "1", "B");
    same("LSET", "l", "-1", "C");
    same("LRANGE", "l", "0", "-1");
    sameError("LSET", "l", "3", "x");
    sameError("LSET", "l", "-4", "x");
    sameError("LSET", "l", "abc", "x");
    sameError("LSET", "missing", "0", "x");
    sameError("LSET", "missing", "abc", "x");
    same("LSET", "l", "0", BINARY);
    same("LINDEX", "l", "0");
  }

  @Test
  void shouldRangeAndTrimLikeRedis() throws Exception {
    same("RPUSH", "l", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    String[][] ranges = {{"0", "-1"}, {"2", "4"}, {"-3", "-1"}, {"-100", "100"}, {"5", "2"}, {"10", "20"},
        {"-1", "-2"}, {"0", "0"}, {"-9223372036854775808", "9223372036854775807"}, {"9223372036854775807", "0"},
        {"3", "-8"}, {"-11", "-10"}};
    for (String[] r : ranges) {
      same("LRANGE", "l", r[0], r[1]);
    }
    sameError("LRANGE", "l", "a", "1");
    sameError("LRANGE", "l", "1", "b");
    sameError("LRANGE", "missing", "x", "1");
    same("LRANGE", "missing", "0", "-1");
    for (String[] r : new String[][] {{"1", "-2"}, {"-100", "5"}, {"1", "100"}, {"0", "-1"}}) {
      same("LTRIM", "l", r[0], r[1]);
      same("LRANGE", "l", "0", "-1");
    }
    sameError("LTRIM", "l", "x", "1");
    same("LTRIM", "missing", "0", "1");
    same("LTRIM", "l", "5", "2");
    same("EXISTS", "l");
    same("RPUSH", "l", "a", "b");
    same("LTRIM", "l", "-9223372036854775808", "-9223372036854775808");
    same("EXISTS", "l");
  }

  @Test
  void shouldRemoveAndInsertLikeRedis() throws Exception {
    same("RPUSH", "l", "a", "b", "a", "c", "a", "b", "a");
    same("LREM", "l", "2", "a");
    same("LRANGE", "l", "0", "-1");
    same("LREM", "l", "-1", "a");
    same("LRANGE", "l", "0", "-1");
    same("LREM", "l", "0", "b");
    same("LRANGE", "l", "0", "-1");
    same("LREM", "l", "0", "zzz");
    same("RPUSH", "l", "a", "a", "x", "a");
    same("LREM", "l", "-9223372036854775808", "a");
    same("LRANGE", "l", "0", "-1");
    sameError("LREM", "l", "x", "a");
    same("LREM", "missing", "0", "a");
    same("LREM", "l", "0", "c");
    same("LREM", "l", "0", "x");
    same("EXISTS", "l");

    same("RPUSH", "m", "a", "b", "c");
    same("LINSERT", "m", "BEFORE", "a", "0");
    same("LINSERT", "m", "after", "c", "z");
    same("LINSERT", "m", "AFTER", "b", BINARY);
    same("LINSERT", "m", "before", "nope", "x");
    same("LRANGE", "m", "0", "-1");
    sameError("LINSERT", "m", "MIDDLE", "a", "x");
    sameError("LINSERT", "missing", "MIDDLE", "a", "x");
    same("LINSERT", "missing", "BEFORE", "a", "x");
    same("EXISTS", "missing");
  }

  @Test
  void shouldFindPositionsLikeRedis() throws Exception {
    same("RPUSH", "l", "a", "b", "c", "a", "b", "a", "c", "a");
    Object[][] queries = {{}, {"RANK", "2"}, {"RANK", "-1"}, {"RANK", "-2"}, {"RANK", "10"}, {"COUNT", "0"},
        {"COUNT", "2"}, {"RANK", "2", "COUNT", "2"}, {"RANK", "-1", "COUNT", "0"}, {"MAXLEN", "3"},
        {"MAXLEN", "1", "COUNT", "0"}, {"RANK", "-1", "MAXLEN", "2"}, {"RANK", "-9223372036854775808"},
        {"RANK", "-9223372036854775808", "COUNT", "1"}, {"RANK", "9223372036854775807"},
        {"COUNT", "9223372036854775807"}, {"rank", "1", "count", "1", "maxlen", "0"}};
    for (Object[] q : queries) {
      Object[] cmd = new Object[3 + q.length];
      cmd[0] = "LPOS";
      cmd[1] = "l";
      cmd[2] = "a";
      System.arraycopy(q, 0, cmd, 3, q.length);
      same(cmd);
    }
    same("LPOS", "l", "zzz");
    same("LPOS", "l", "zzz", "COUNT", "3");
    same("LPOS", "missing", "a");
    same("LPOS", "missing", "a", "COUNT", "1");
    sameError("LPOS", "l", "a", "RANK", "0");
    sameError("LPOS", "l", "a", "RANK", "x");
    sameError("LPOS", "l", "a", "COUNT", "-1");
    sameError("LPOS", "l", "a", "COUNT", "x");
    sameError("LPOS", "l", "a", "MAXLEN", "-1");
    sameError("LPOS", "l", "a", "RANK");
    sameError("LPOS", "l", "a", "FOO", "1");
    sameError("LPOS", "missing", "a", "RANK", "0");
  }

  @Test
  void shouldMoveLikeRedis() throws Exception {
    same("RPUSH", "src", "a", "b", "c");
    same("LMOVE", "src", "dst", "LEFT", "RIGHT");
    same("LMOVE", "src", "dst", "right", "left");
    same("LRANGE", "dst", "0", "-1");
    same("LMOVE", "dst", "dst", "LEFT", "RIGHT");
    same("LRANGE", "dst", "0", "-1");
    same("RPOPLPUSH", "dst", "dst");
    same("LRANGE", "dst", "0", "-1");
    same("RPOPLPUSH", "src", "dst");
    same("EXISTS", "src");
    same("LMOVE", "src", "dst", "LEFT", "LEFT");
    same("RPOPLPUSH", "src", "dst");
    sameError("LMOVE", "src", "dst", "UP", "LEFT");
    sameError("LMOVE", "src", "dst", "LEFT", "DOWN");
    same("RPUSH", "one", "x");
    same("LMOVE", "one", "one", "LEFT", "LEFT");
    same("LRANGE", "one", "0", "-1");
    same("SET", "str", "v");
    sameError("LMOVE", "one", "str", "LEFT", "LEFT");
    same("LRANGE", "one", "0", "-1");
    sameError("RPOPLPUSH", "str", "one");
    same("LMOVE", "missing", "str", "LEFT", "LEFT");
  }

  @Test
  void shouldPopFromManyKeysLikeRedis() throws Exception {
    same("RPUSH", "b", "1", "2", "3");
    same("RPUSH", "c", "x");
    same("LMPOP", "2", "a", "b", "LEFT");
    same("LMPOP", "3", "a", "b", "c", "RIGHT", "COUNT", "5");
    same("LMPOP", "3", "a", "b", "c", "left", "count", "5");
    same("EXISTS", "b", "c");
    same("LMPOP", "2", "a", "b", "LEFT");
    sameError("LMPOP", "0", "a", "LEFT");
    sameError("LMPOP", "-1", "a", "LEFT");
    sameError("LMPOP", "x", "a", "LEFT");
    sameError("LMPOP", "2", "a", "LEFT");
    sameError("LMPOP", "9223372036854775807", "a", "LEFT");
    sameError("LMPOP", "1", "a", "MIDDLE");
    sameError("LMPOP", "1", "a", "LEFT", "COUNT", "0");
    sameError("LMPOP", "1", "a", "LEFT", "COUNT", "-3");
    sameError("LMPOP", "1", "a", "LEFT", "COUNT", "x");
    sameError("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2");
    sameError("LMPOP", "1", "a", "LEFT", "FOO");
    sameError("LMPOP", "1", "a", "LEFT", "COUNT");
    same("SET", "s", "v");
    same("RPUSH", "l", "v");
    sameError("LMPOP", "2", "s", "l", "LEFT");
    same("LMPOP", "2", "l", "s", "LEFT");
  }

  @Test
  void shouldRefuseWrongTypesAndArities() throws Exception {
    same("SET", "s", "v");
    for (Object[] cmd : new Object[][] {{"LPUSH", "s", "a"}, {"RPUSH", "s", "a"}, {"LPUSHX", "s", "a"},
        {"RPUSHX", "s", "a"}, {"LPOP", "s"}, {"RPOP", "s", "0"}, {"LLEN", "s"}, {"LINDEX", "s", "0"},
        {"LINDEX", "s", "x"}, {"LSET", "s", "0", "a"}, {"LRANGE", "s", "0", "1"}, {"LTRIM", "s", "0", "1"},
        {"LREM", "s", "0", "a"}, {"LINSERT", "s", "BEFORE", "a", "b"}, {"LPOS", "s", "a"},
        {"LMOVE", "s", "d", "LEFT", "LEFT"}, {"RPOPLPUSH", "s", "d"}, {"LMPOP", "1", "s", "LEFT"}}) {
      sameError(cmd);
    }
    for (Object[] cmd : new Object[][] {{"LPUSH", "l"}, {"RPUSH"}, {"LPUSHX", "l"}, {"LPOP"}, {"LLEN"},
        {"LLEN", "a", "b"}, {"LINDEX", "l"}, {"LSET", "l", "0"}, {"LRANGE", "l", "0"}, {"LTRIM", "l"},
        {"LREM", "l", "0"}, {"LINSERT", "l", "BEFORE", "a"}, {"LPOS", "l"}, {"LMOVE", "a", "b", "LEFT"},
        {"RPOPLPUSH", "a"}, {"LMPOP", "1", "a"}, {"BLPOP", "a"}, {"BRPOP"}, {"BLMOVE", "a", "b", "LEFT", "LEFT"},
        {"BRPOPLPUSH", "a", "b"}, {"BLMPOP", "0", "1", "a"}}) {
      sameError(cmd);
    }
    same("GET", "s");
  }

  @Test
  void shouldTouchWatchedKeysExactlyWhenRedisDoes() throws Exception {
    Object[][] writes = {{"LTRIM", "l", "0", "-1"}, {"LTRIM", "l", "0", "0"}, {"LREM", "l", "0", "zzz"},
        {"LREM", "l", "1", "a"}, {"LINSERT", "l", "BEFORE", "zzz", "x"}, {"LINSERT", "l", "BEFORE", "a", "x"},
        {"LSET", "l", "0", "x"}, {"LPUSHX", "missing", "x"}, {"LPOP", "l", "0"}, {"LPOS", "l", "a"},
        {"LMOVE", "missing", "l", "LEFT", "LEFT"}, {"LMPOP", "1", "missing", "LEFT"}, {"RPOPLPUSH", "l", "l"}};
    for (Object[] write : writes) {
      both("DEL", "l");
      both("RPUSH", "l", "a", "b", "a");
      same("WATCH", "l");
      same(write);
      same("MULTI");
      same("PING");
      same("EXEC");
    }
  }

  @Test
  void shouldKeepBinaryElementsIntact() throws Exception {
    byte[] empty = {};
    same("RPUSH", "l", BINARY, empty, "\r\n", new byte[] {0});
    same("LRANGE", "l", "0", "-1");
    same("LPOS", "l", BINARY);
    same("LPOS", "l", empty);
    same("LREM", "l", "0", new byte[] {0});
    same("LINSERT", "l", "AFTER", empty, BINARY);
    same("LMOVE", "l", BINARY, "LEFT", "RIGHT");
    same("LRANGE", BINARY, "0", "-1");
    same("LMPOP", "2", "nope", BINARY, "LEFT");
    same("RPOP", "l", "10");
    same("EXISTS", "l", BINARY);
  }

  @Test
  void shouldReportListsThroughGenericCommands() throws Exception {
    same("RPUSH", "l", "a", "b");
    same("TYPE", "l");
    same("OBJECT", "ENCODING", "l");
    same("EXPIRE", "l", "100");
    same("LPUSH", "l", "c");
    same("TTL", "l");
    same("LTRIM", "l", "0", "0");
    same("TTL", "l");
    same("COPY", "l", "l2");
    same("LPUSH", "l2", "z");
    same("LRANGE", "l", "0", "-1");
    same("LRANGE", "l2", "0", "-1");
  }

  @Test
  void shouldWorkOnLargeLists() throws Exception {
    Object[] push = new Object[2 + 1000];
    push[0] = "RPUSH";
    push[1] = "big";
    for (int i = 0; i < 1000; i++) {
      push[2 + i] = Integer.toString(i % 7);
    }
    same(push);
    same("LREM", "big", "-50", "3");
    same("LPOS", "big", "3", "RANK", "-3", "COUNT", "4", "MAXLEN", "500");
    same("LINSERT", "big", "BEFORE", "6", "new");
    same("LTRIM", "big", "100", "-100");
    same("LRANGE", "big", "380", "420");
    same("LPOP", "big", "300");
    same("RPOP", "big", "200");
    same("LLEN", "big");
    same("LRANGE", "big", "0", "-1");
  }
}
