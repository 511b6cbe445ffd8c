package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.testing.DifferentialTest;
import io.belay.protocol.RespValue;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysIT extends DifferentialTest {

  @Test
  void shouldDeleteAndCountKeysLikeRedis() throws Exception {
    both("MSET", "a", "1", "b", "2", "c", "3");
    same("DEL", "a", "b", "missing");
    same("UNLINK", "c", "c");
    same("EXISTS", "a", "c", "nope");
    both("SET", "x", "1");
    same("EXISTS", "x", "x", "x");
    same("TOUCH", "x", "y");
    same("TYPE", "x");
    same("TYPE", "nope");
    same("DBSIZE");
    same("DEL");
  }

  @Test
  void shouldHandleExpiryLikeRedis() throws Exception {
    both("SET", "k", "v");
    same("TTL", "k");
    same("PTTL", "missing");
    same("EXPIRE", "k", "100");
    same("TTL", "k");
    same("EXPIRETIME", "missing");
    same("EXPIRE", "k", "100", "NX");
    same("EXPIRE", "k", "200", "GT");
    same("EXPIRE", "k", "50", "GT");
    same("EXPIRE", "k", "50", "LT");
    same("EXPIRE", "k", "50", "NX", "XX");
    same("EXPIRE", "k", "50", "GT", "LT");
    same("EXPIRE", "k", "50", "XY");
    same("EXPIRE", "k", "notanumber");
    same("EXPIRE", "k", "9223372036854775807");
    same("PEXPIRE", "k", "9223372036854775807");
    same("PERSIST", "k");
    same("PERSIST", "k");
    same("TTL", "k");
    same("EXPIRE", "k", "-1");
    same("EXISTS", "k");
    both("SET", "k2", "v");
    same("PEXPIREAT", "k2", "1");
    same("GET", "k2");
    both("SET", "k3", "v");
    same("EXPIREAT", "k3", "4102444800");
    same("EXPIRETIME", "k3");
    same("PEXPIRETIME", "k3");
    same("EXPIRE", "nokey", "10");
  }

  @Test
  void shouldNeverReturnAnExpiredKey() throws Exception {
    both("SET", "short", "v", "PX", "30");
    Thread.sleep(60);
    same("GET", "short");
    same("EXISTS", "short");
    same("TTL", "short");
  }

  @Test
  void shouldRenameLikeRedis() throws Exception {
    both("SET", "a", "1");
    same("RENAME", "a", "b");
    same("GET", "b");
    same("RENAME", "missing", "b");
    same("RENAMENX", "b", "b");
    same("RENAME", "b", "b");
    both("SET", "c", "3");
    same("RENAMENX", "b", "c");
    both("EXPIRE", "b", "100");
    same("RENAME", "b", "d");
    same("TTL", "d");
  }

  @Test
  void shouldCopyMoveAndSwapLikeRedis() throws Exception {
    both("SET", "a", "1");
    same("COPY", "a", "b");
    same("COPY", "a", "b");
    same("COPY", "a", "b", "REPLACE");
    same("COPY", "a", "a");
    same("COPY", "a", "z", "DB", "16");
    same("COPY", "a", "z", "DB", "1");
    same("MOVE", "a", "1");
    same("MOVE", "b", "0");
    same("MOVE", "b", "99");
    same("SELECT", "1");
    same("GET", "z");
    same("SELECT", "0");
    same("SWAPDB", "0", "1");
    same("GET", "a");
    same("SWAPDB", "0", "16");
    same("SELECT", "16");
    same("SELECT", "x");
  }

  @Test
  void shouldListAndScanKeys() throws Exception {
    for (int i = 0; i < 200; i++) {
      both("SET", "key:" + i, "v");
    }
    both("SET", "other", "v");
    sameUnordered("KEYS", "key:1?");
    sameUnordered("KEYS", "*[th]er");
    same("SCAN", "0", "COUNT", "0");
    same("SCAN", "abc");
    // an unknown TYPE matches nothing (cursors differ between implementations, the keys must not)
    RespValue.Array none = (RespValue.Array) subject.call("SCAN", "0", "TYPE", "nosuchtype", "COUNT", "1000");
    assertEquals(new RespValue.Array(java.util.List.of()), none.elements().get(1));
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    do {
      RespValue.Array reply = (RespValue.Array) subject.call("SCAN", cursor, "MATCH", "key:*", "COUNT", "7");
      cursor = ((RespValue.BulkString) reply.elements().get(0)).asString();
      for (RespValue k : ((RespValue.Array) reply.elements().get(1)).elements()) {
        seen.add(((RespValue.BulkString) k).asString());
      }
    } while (!cursor.equals("0"));
    assertEquals(200, seen.size());
    assertTrue(seen.stream().allMatch(k -> k.startsWith("key:")));
    RespValue random = subject.call("RANDOMKEY");
    assertTrue(random instanceof RespValue.BulkString);
  }

  @Test
  void shouldFlushLikeRedis() throws Exception {
    both("SET", "a", "1");
    same("FLUSHDB", "ASYNC");
    same("FLUSHDB", "WRONG");
    same("FLUSHALL", "SYNC");
    same("DBSIZE");
    same("RANDOMKEY");
  }

  @Test
  void shouldReportObjectEncodings() throws Exception {
    both("SET", "int", "12345");
    both("SET", "short", "hello");
    both("SET", "long", "x".repeat(100));
    same("OBJECT", "ENCODING", "int");
    same("OBJECT", "ENCODING", "short");
    same("OBJECT", "ENCODING", "long");
    same("OBJECT", "ENCODING", "missing");
    same("OBJECT", "FREQ", "int");
    same("OBJECT", "NOPE", "int");
  }

  @Test
  void shouldRunTransactionsLikeRedis() throws Exception {
    same("MULTI");
    same("SET", "a", "1");
    same("INCR", "a");
    same("GET", "a");
    same("EXEC");
    same("EXEC");
    same("DISCARD");
    same("MULTI");
    same("MULTI");
    same("SET", "a");
    same("NOSUCHCOMMAND");
    same("EXEC");
    same("MULTI");
    same("SET", "a", "x");
    same("INCR", "a");
    same("EXEC");
    same("WATCH", "a");
    both("SET", "a", "2");
    same("MULTI");
    same("GET", "a");
    same("EXEC");
    same("WATCH", "a");
    same("MULTI");
    same("WATCH", "b");
    same("DISCARD");
    same("UNWATCH");
  }

  @Test
  void shouldFailExecWhenAWatchedKeyChangesOnAnotherConnection() throws Exception {
    try (var other = new io.belay.backends.testing.RawClient(belay.port())) {
      subject.call("WATCH", "w");
      other.call("SET", "w", "changed");
      subject.call("MULTI");
      subject.call("SET", "w", "mine");
      assertEquals(new RespValue.Null('*'), subject.call("EXEC"));
      assertEquals(RespValue.bulk("changed"), subject.call("GET", "w"));
    }
  }

  @Test
  void shouldAnswerConnectionCommandsLikeRedis() throws Exception {
    same("PING");
    same("PING", "hello");
    same("PING", "a", "b");
    same("ECHO", "x");
    same("CLIENT", "SETNAME", "my name");
    same("CLIENT", "SETNAME", "myname");
    same("CLIENT", "GETNAME");
    same("CLIENT", "NOPE");
    same("CLIENT", "REPLY", "BAD");
    same("AUTH", "x");
    same("HELLO", "4");
    same("HELLO", "x");
    same("CONFIG", "GET", "maxmemory-policy");
    same("CONFIG", "SET", "maxmemory-policy", "bad");
    same("CONFIG", "SET", "nosuch", "1");
    same("CONFIG", "GET", "databases");
    same("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2");
    same("COMMAND", "INFO", "get");
    same("PUBLISH", "ch", "msg");
    same("PUBSUB", "NUMSUB", "ch");
    same("PUBSUB", "NUMPAT");
  }
}
