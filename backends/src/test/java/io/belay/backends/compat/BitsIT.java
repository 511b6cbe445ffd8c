package io.belay.backends.compat;

import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitsIT extends DifferentialTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void shouldSetAndGetBitsLikeRedis() throws Exception {
    same("SETBIT", "k", "7", "1");
    same("GET", "k");
    same("SETBIT", "k", "7", "0");
    same("GET", "k");
    same("SETBIT", "k", "7", "0");
    same("SETBIT", "k", "0", "1");
    same("SETBIT", "k", "17", "1");
    same("GET", "k");
    same("STRLEN", "k");
    for (int i = 0; i < 30; i++) {
      same("GETBIT", "k", Integer.toString(i));
    }
    same("GETBIT", "k", "4294967295");
    same("GETBIT", "missing", "3");
    same("SETBIT", "zero", "100", "0");
    same("GET", "zero");
    same("SET", "n", "42");
    same("GETBIT", "n", "2");
    same("GETBIT", "n", "10");
    same("SETBIT", "n", "6", "0");
    same("GET", "n");
    same("SET", "e", "");
    same("GETBIT", "e", "0");
    same("SETBIT", "e", "9", "1");
    same("GET", "e");
  }

  @Test
  void shouldKeepBinaryValuesIntactLikeRedis() throws Exception {
    byte[] binary = bytes('a', 0, '\r', '\n', 0xff, 0x80);
    same("SET", "b", binary);
    same("SETBIT", "b", "8", "1");
    same("SETBIT", "b", "32", "0");
    same("SETBIT", "b", "47", "1");
    same("SETBIT", "b", "60", "1");
    same("GET", "b");
    same("BITCOUNT", "b");
    same("BITPOS", "b", "0");
    same("BITPOS", "b", "1", "4");
    same("SET", "ones", bytes(0xff, 0xff, 0xff));
    same("SETBIT", "ones", "23", "0");
    same("GET", "ones");
  }

  @Test
  void shouldRejectBadOffsetsAndBitsLikeRedis() throws Exception {
    for (String offset : new String[] {"-1", "abc", "1.5", "", " 1", "+1", "0x10", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808"}) {
      sameError("SETBIT", "k", offset, "1");
      sameError("GETBIT", "k", offset);
    }
    same("SETBIT", "k", bytes('7', 0, 'x'), "1");
    same("GETBIT", "k", bytes('7', 0, '9'));
    same("GET", "k");
    for (String bit : new String[] {"2", "-1", "a", "", "1.0", " 1", "9223372036854775808"}) {
      sameError("SETBIT", "k", "0", bit);
    }
    same("GET", "k");
    same("RPUSH", "list", "a");
    sameError("SETBIT", "list", "0", "1");
    sameError("GETBIT", "list", "0");
    sameError("SETBIT", "list", "-1", "1");
    sameError("SETBIT", "list", "0", "5");
    sameError("SETBIT", "k", "0");
    sameError("GETBIT", "k");
    sameError("SETBIT", "k", "0", "1", "extra");
    same("EXISTS", "missing");
    sameError("SETBIT", "missing", "0", "2");
    same("EXISTS", "missing");
  }

  @Test
  void shouldLimitOffsetsByProtoMaxBulkLenLikeRedis() throws Exception {
    try {
      same("CONFIG", "SET", "proto-max-bulk-len", "1048576");
      same("SETBIT", "big", "8388607", "1");
      same("STRLEN", "big");
      same("GETBIT", "big", "8388607");
      same("GETBIT", "big", "8388606");
      sameError("SETBIT", "big", "8388608", "1");
      sameError("GETBIT", "big", "8388608");
      sameError("GETBIT", "missing", "8388608");
      same("BITCOUNT", "big");
      same("BITPOS", "big", "1");
      same("BITPOS", "big", "0");
      same("BITPOS", "big", "0", "-1");
      same("BITPOS", "big", "0", "-1", "-1");
      same("BITPOS", "big", "1", "-8", "-1", "BIT");
      same("BITCOUNT", "big", "-1", "-1", "BIT");
      same("BITOP", "NOT", "inverted", "big");
      same("BITCOUNT", "inverted");
      same("BITPOS", "inverted", "0");
    } finally {
      both("CONFIG", "SET", "proto-max-bulk-len", "536870912");
    }
  }

  @Test
  void shouldCountBitsLikeRedis() throws Exception {
    same("SET", "k", "foobar");
    same("BITCOUNT", "k");
    same("BITCOUNT", "k", "0", "0");
    same("BITCOUNT", "k", "1", "1");
    same("BITCOUNT", "k", "1", "1", "BYTE");
    same("BITCOUNT", "k", "5", "30", "BIT");
    same("BITCOUNT", "k", "5", "30", "bit");
    same("BITCOUNT", "k", "-1", "-5");
    same("BITCOUNT", "k", "-1", "-5", "BOGUS");
    sameError("BITCOUNT", "k", "0", "-1", "BOGUS");
    sameError("BITCOUNT", "k", "0");
    sameError("BITCOUNT", "k", "0", "1", "BIT", "extra");
    sameError("BITCOUNT", "k", "a", "1");
    sameError("BITCOUNT", "k", "0", "1.5");
    same("BITCOUNT", "k", "-9223372036854775808", "9223372036854775807");
    same("BITCOUNT", "k", "-9223372036854775808", "9223372036854775807", "BIT");
    same("BITCOUNT", "k", "9223372036854775807", "-9223372036854775808");
    same("BITCOUNT", "missing");
    same("BITCOUNT", "missing", "0");
    same("BITCOUNT", "missing", "a", "b");
    same("BITCOUNT", "missing", "0", "1", "BOGUS");
    same("SET", "e", "");
    same("BITCOUNT", "e");
    same("BITCOUNT", "e", "0", "-1");
    same("BITCOUNT", "e", "0", "-1", "BIT");
    same("HSET", "h", "f", "v");
    sameError("BITCOUNT", "h");
    sameError("BITCOUNT", "h", "a", "b");
    sameError("BITCOUNT");
  }

  @Test
  void shouldCountEveryRangeLikeRedis() throws Exception {
    same("SET", "k", bytes(0xa5, 0xff, 0x01, 0x80, 0x3c));
    for (int start = -45; start <= 45; start += 3) {
      for (int end = -45; end <= 45; end += 2) {
        same("BITCOUNT", "k", Integer.toString(start), Integer.toString(end), "BIT");
      }
    }
    for (int start = -7; start <= 7; start++) {
      for (int end = -7; end <= 7; end++) {
        same("BITCOUNT", "k", Integer.toString(start), Integer.toString(end));
        same("BITCOUNT", "k", Integer.toString(start), Integer.toString(end), "BYTE");
      }
    }
  }

  @Test
  void shouldFindBitsLikeRedis() throws Exception {
    same("SET", "k", bytes(0xff, 0xf0, 0x00));
    same("BITPOS", "k", "0");
    same("BITPOS", "k", "1");
    same("SET", "k", bytes(0x00, 0xff, 0xf0));
    same("BITPOS", "k", "1", "0");
    same("BITPOS", "k", "1", "2");
    same("BITPOS", "k", "1", "2", "-1", "BYTE");
    same("BITPOS", "k", "1", "7", "15", "BIT");
    same("BITPOS", "k", "1", "7", "-3", "bit");
    same("SET", "ones", bytes(0xff, 0xff, 0xff));
    same("BITPOS", "ones", "0");
    same("BITPOS", "ones", "0", "0");
    same("BITPOS", "ones", "0", "2");
    same("BITPOS", "ones", "0", "0", "-1");
    same("BITPOS", "ones", "0", "3", "-1", "BIT");
    same("BITPOS", "ones", "0", "3", "BIT");
    same("BITPOS", "ones", "1", "5", "2");
    same("SET", "zeros", bytes(0, 0, 0));
    same("BITPOS", "zeros", "1");
    same("BITPOS", "zeros", "0", "1");
    same("BITPOS", "missing", "0");
    same("BITPOS", "missing", "1");
    same("BITPOS", "missing", "1", "a");
    same("BITPOS", "missing", "0", "0", "1", "BOGUS");
    sameError("BITPOS", "missing", "2");
    sameError("BITPOS", "k", "2");
    sameError("BITPOS", "k", "-1");
    sameError("BITPOS", "k", "a");
    sameError("BITPOS", "k", "1", "a");
    sameError("BITPOS", "k", "1", "0", "b");
    sameError("BITPOS", "k", "1", "0", "1", "BOGUS");
    sameError("BITPOS", "k", "1", "0", "b", "BOGUS");
    sameError("BITPOS", "k", "1", "0", "1", "BIT", "extra");
    sameError("BITPOS", "k");
    same("SET", "e", "");
    same("BITPOS", "e", "0");
    same("BITPOS", "e", "1");
    same("BITPOS", "e", "0", "0");
    same("BITPOS", "e", "0", "0", "-1", "BIT");
    same("SADD", "s", "m");
    sameError("BITPOS", "s", "1");
    same("BITPOS", "k", "1", "-9223372036854775808", "9223372036854775807", "BIT");
    same("BITPOS", "k", "0", "9223372036854775807");
  }

  @Test
  void shouldFindBitsInEveryRangeLikeRedis() throws Exception {
    byte[][] values = {bytes(0xff, 0xff, 0xfe), bytes(0x00, 0x01, 0x00), bytes(0xf0, 0x0f, 0xff), bytes(0x80)};
    for (byte[] value : values) {
      same("SET", "k", value);
      for (String bit : new String[] {"0", "1"}) {
        for (int start = -26; start <= 26; start += 2) {
          same("BITPOS", "k", bit, Integer.toString(start), "-1", "BIT");
          same("BITPOS", "k", bit, Integer.toString(start));
          for (int end = -26; end <= 26; end += 3) {
            same("BITPOS", "k", bit, Integer.toString(start), Integer.toString(end), "BIT");
          }
        }
        for (int start = -4; start <= 4; start++) {
          for (int end = -4; end <= 4; end++) {
            same("BITPOS", "k", bit, Integer.toString(start), Integer.toString(end));
            same("BITPOS", "k", bit, Integer.toString(start), Integer.toString(end), "BYTE");
          }
        }
      }
    }
  }

  @Test
  void shouldCombineBitmapsLikeRedis() throws Exception {
    same("SET", "a", bytes(0xff, 0x0f, 0x00, 'x'));
    same("SET", "b", bytes(0xaa, 0xf0));
    same("SET", "c", bytes(0x01));
    for (String op : new String[] {"AND", "OR", "XOR", "and", "Or"}) {
      same("BITOP", op, "dest", "a", "b", "c");
      same("GET", "dest");
      same("BITOP", op, "dest", "a", "missing");
      same("GET", "dest");
      same("BITOP", op, "dest", "b");
      same("GET", "dest");
    }
    same("BITOP", "NOT", "dest", "a");
    same("GET", "dest");
    same("BITOP", "NOT", "a", "a");
    same("GET", "a");
    same("BITOP", "XOR", "b", "b", "b");
    same("GET", "b");
    sameError("BITOP", "NOT", "dest", "a", "b");
    sameError("BITOP", "NAND", "dest", "a");
    sameError("BITOP", "ANDX", "dest", "a");
    sameError("BITOP", "AND", "dest");
    same("BITOP", bytes('o', 'r', 0, 'z'), "dest", "c");
    same("GET", "dest");
  }

  @Test
  void shouldReplaceOrDeleteTheDestinationLikeRedis() throws Exception {
    same("SET", "a", "abc");
    same("RPUSH", "dest", "x");
    same("BITOP", "OR", "dest", "a");
    same("TYPE", "dest");
    same("GET", "dest");
    same("EXPIRE", "dest", "1000");
    same("BITOP", "AND", "dest", "a", "a");
    same("TTL", "dest");
    same("BITOP", "AND", "dest", "missing1", "missing2");
    same("EXISTS", "dest");
    same("BITOP", "AND", "dest", "missing1");
    same("EXISTS", "dest");
    same("SET", "e", "");
    same("SET", "dest", "v");
    same("BITOP", "NOT", "dest", "e");
    same("EXISTS", "dest");
    same("SET", "dest", "v");
    same("HSET", "h", "f", "v");
    sameError("BITOP", "OR", "dest", "a", "h");
    sameError("BITOP", "NOT", "dest", "h");
    same("GET", "dest");
  }

  @Test
  void shouldAgreeWithRedisOnRandomBitmaps() throws Exception {
    Random random = new Random(20240611);
    String[] keys = {"r0", "r1", "r2", "r3"};
    for (int round = 0; round < 300; round++) {
      String key = keys[random.nextInt(keys.length)];
      switch (random.nextInt(6)) {
        case 0 -> {
          byte[] value = new byte[random.nextInt(12)];
          for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (random.nextInt(4) == 0 ? 0xff : random.nextInt(4) == 0 ? 0 : random.nextInt(256));
          }
          same("SET", key, value);
        }
        case 1 -> same("SETBIT", key, Integer.toString(random.nextInt(120)), Integer.toString(random.nextInt(2)));
        case 2 -> same("BITCOUNT", key, Integer.toString(random.nextInt(200) - 100),
            Integer.toString(random.nextInt(200) - 100), random.nextBoolean() ? "BIT" : "BYTE");
        case 3 -> same("BITPOS", key, Integer.toString(random.nextInt(2)), Integer.toString(random.nextInt(200) - 100),
            Integer.toString(random.nextInt(200) - 100), random.nextBoolean() ? "BIT" : "BYTE");
        case 4 -> same("BITPOS", key, Integer.toString(random.nextInt(2)), Integer.toString(random.nextInt(30) - 15));
        default -> {
          String[] ops = {"AND", "OR", "XOR", "NOT"};
          String op = ops[random.nextInt(4)];
          if (op.equals("NOT")) {
            same("BITOP", op, key, keys[random.nextInt(keys.length)]);
          } else {
            same("BITOP", op, key, keys[random.nextInt(keys.length)], keys[random.nextInt(keys.length)],
                keys[random.nextInt(keys.length)]);
          }
        }
      }
      same("GET", key);
    }
  }

  @Test
  void shouldInvalidateWatchOnlyWhenABitChangesLikeRedis() throws Exception {
    try (RawClient oracleWatcher = new RawClient(redis.port()); RawClient subjectWatcher = new RawClient(belay.port())) {
      same("SETBIT", "w", "3", "1");
      String[][] steps = {{"SETBIT", "w", "3", "1"}, {"SETBIT", "w", "2", "0"}, {"SETBIT", "w", "3", "0"},
          {"SETBIT", "w", "40", "0"}, {"GETBIT", "w", "3"}, {"BITOP", "OR", "w", "w"}};
      for (String[] step : steps) {
        watchThen(oracleWatcher, subjectWatcher, step);
      }
    }
  }

  /** WATCHes {@code w} on both servers, runs {@code step} from the main connection, then EXEC. */
  private void watchThen(RawClient oracleWatcher, RawClient subjectWatcher, Object[] step) throws Exception {
    org.junit.jupiter.api.Assertions.assertEquals(oracleWatcher.call("WATCH", "w"), subjectWatcher.call("WATCH", "w"));
    same(step);
    oracleWatcher.call("MULTI");
    subjectWatcher.call("MULTI");
    oracleWatcher.call("GET", "w");
    subjectWatcher.call("GET", "w");
    org.junit.jupiter.api.Assertions.assertEquals(oracleWatcher.call("EXEC"), subjectWatcher.call("EXEC"),
        () -> "EXEC after " + describe(step));
  }
}
