package io.belay.backends.compat;

import io.belay.backends.testing.DifferentialTest;
import org.junit.jupiter.api.Test;

class StringsIT extends DifferentialTest {

  @Test
  void shouldSetAndGetLikeRedis() throws Exception {
    same("SET", "k", "v");
    same("GET", "k");
    same("GET", "missing");
    same("SET", "k", "v2", "NX");
    same("SET", "k", "v2", "XX", "GET");
    same("SET", "k2", "v", "XX");
    same("SET", "k", "v", "EX", "0");
    same("SET", "k", "v", "EX", "-5");
    same("SET", "k", "v", "NX", "XX");
    same("SET", "k", "v", "EX", "10", "PX", "100");
    same("SET", "k", "v", "KEEPTTL", "EX", "10");
    same("SET", "k", "v", "EX", "notanumber");
    same("SET", "k");
    same("GET");
    same("TTL", "k");
  }

  @Test
  void shouldCountLikeRedis() throws Exception {
    same("INCR", "n");
    same("INCRBY", "n", "41");
    same("DECRBY", "n", "-9223372036854775808");
    same("SET", "max", "9223372036854775807");
    same("INCR", "max");
    same("SET", "min", "-9223372036854775808");
    same("DECR", "min");
    same("SET", "s", "abc");
    same("INCR", "s");
    same("SET", "sp", " 1");
    same("INCR", "sp");
    same("INCRBYFLOAT", "f", "10.5");
    same("INCRBYFLOAT", "f", "0.1");
    same("INCRBYFLOAT", "f", "5.0e3");
    same("INCRBYFLOAT", "f", "abc");
    same("RPUSH", "list", "a");
    same("INCR", "list");
    same("GET", "list");
  }

  @Test
  void shouldHandleRangesAndBinaryValues() throws Exception {
    byte[] binary = {'a', 0, '\r', '\n', 'b', (byte) 0xff};
    same("SET", "b", binary);
    same("GET", "b");
    same("STRLEN", "b");
    same("APPEND", "b", binary);
    same("GETRANGE", "b", "0", "-1");
    same("GETRANGE", "b", "-3", "-1");
    same("GETRANGE", "b", "5", "2");
    same("GETRANGE", "b", "-100", "100");
    same("GETRANGE", "missing", "0", "-1");
    same("SETRANGE", "r", "5", "hello");
    same("GET", "r");
    same("SETRANGE", "r", "-1", "x");
    same("SETRANGE", "r", "0", "");
    same("MSET", "a", "1", "b", "2");
    same("MSET", "a", "1", "b");
    same("MGET", "a", "b", "nope");
    same("MSETNX", "a", "1", "c", "3");
    same("MSETNX", "c", "1", "d", "3");
    same("GETSET", "a", "x");
    same("GETDEL", "a");
    same("GETDEL", "a");
    same("GETEX", "b", "PERSIST");
    same("GETEX", "b", "EX", "100");
    same("TTL", "b");
    same("SETNX", "b", "1");
    same("SETEX", "e", "100", "v");
    same("PSETEX", "e", "0", "v");
    same("FOO", "bar");
  }
}
