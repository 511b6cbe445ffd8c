package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.backends.command.Engine;
import io.belay.backends.command.Propagator;
import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import io.belay.protocol.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands, each scenario played against redis-server and then against the
 * embedded backend with the same three connections (two that block, one that writes),
 * comparing every reply. Waits are on the server's own {@code blocked_clients} count.
 */
class BlockingIT extends DifferentialTest {

  private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

  /** A script over connections a and b (which may block) and c (which writes); returns what to compare. */
  @FunctionalInterface
  private interface Scenario {
    void run(RawClient a, RawClient b, RawClient c, List<RespValue> replies) throws IOException;
  }

  private void sameScenario(Scenario scenario) throws IOException {
    List<RespValue> expected = play(redis.port(), scenario);
    List<RespValue> actual = play(belay.port(), scenario);
    assertEquals(expected, actual);
  }

  private static List<RespValue> play(int port, Scenario scenario) throws IOException {
    try (RawClient a = new RawClient(port); RawClient b = new RawClient(port); RawClient c = new RawClient(port)) {
      c.call("FLUSHALL");
      List<RespValue> replies = new ArrayList<>();
      scenario.run(a, b, c, replies);
      return replies;
    }
  }

  /** Waits until the server counts {@code n} blocked clients. */
  private static void awaitBlocked(RawClient c, int n) throws IOException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      RespValue info = c.call("INFO", "clients");
      Matcher m = BLOCKED.matcher(new String(((RespValue.BulkString) info).value(), StandardCharsets.UTF_8));
      if (m.find() && Integer.parseInt(m.group(1)) == n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("blocked_clients never reached " + n + ": " + info);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void shouldServeABlockedPopWhenAnotherClientPushes() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "l1", "l2", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "l2", "x", "y"));
      r.add(a.read());
      r.add(c.call("LRANGE", "l2", "0", "-1"));
      b.send("BRPOP", "l2", "5");
      r.add(b.read());
      r.add(c.call("EXISTS", "l2"));
      awaitBlocked(c, 0);
    });
  }

  @Test
  void shouldServeImmediatelyWhenAListHasElements() throws Exception {
    same("RPUSH", "l", "a", "b", "c");
    same("BLPOP", "missing", "l", "0");
    same("BRPOP", "l", "missing", "0");
    same("BLMPOP", "0", "2", "missing", "l", "RIGHT", "COUNT", "5");
    same("EXISTS", "l");
    same("RPUSH", "l", "a", "b");
    same("BLMOVE", "l", "d", "RIGHT", "LEFT", "0");
    same("BRPOPLPUSH", "l", "d", "0");
    same("LRANGE", "d", "0", "-1");
    same("EXISTS", "l");
  }

  @Test
  void shouldTimeOutWithNullReplies() throws Exception {
    sameScenario((a, b, c, r) -> {
      r.add(a.call("BLPOP", "missing", "0.1"));
      r.add(a.call("BRPOP", "missing", "other", "0.05"));
      r.add(a.call("BLMPOP", "0.05", "1", "missing", "LEFT"));
      r.add(a.call("BLMOVE", "missing", "d", "LEFT", "LEFT", "0.05"));
      r.add(a.call("BRPOPLPUSH", "missing", "d", "0.05"));
      r.add(a.call("BLPOP", "missing", "0.0001"));
      a.call("HELLO", "3"); // its reply carries the connection id, which differs
      r.add(a.call("BLPOP", "missing", "0.05"));
      r.add(a.call("BLMOVE", "missing", "d", "LEFT", "LEFT", "0.05"));
      r.add(c.call("EXISTS", "missing", "d"));
    });
  }

  @Test
  void shouldBlockForeverWhenTheTimeoutRoundsUpToZero() throws Exception {
    sameScenario((a, b, c, r) -> {
      // -0.001 s is -0.99999... ms in long double, which rounds up to 0: no timeout at all
      a.send("BLPOP", "k", "-0.001");
      awaitBlocked(c, 1);
      b.send("BRPOP", "k", "-1e-10");
      awaitBlocked(c, 2);
      r.add(c.call("RPUSH", "k", "x", "y"));
      r.add(a.read());
      r.add(b.read());
    });
  }

  @Test
  void shouldServeWaitersInTheOrderTheyBlocked() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      b.send("BLPOP", "k", "0");
      awaitBlocked(c, 2);
      r.add(c.call("RPUSH", "k", "first"));
      r.add(a.read());
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "k", "second"));
      r.add(b.read());

      a.send("BRPOP", "k", "0");
      awaitBlocked(c, 1);
      b.send("BLPOP", "k", "0");
      awaitBlocked(c, 2);
      r.add(c.call("RPUSH", "k", "x", "y", "z"));
      r.add(a.read());
      r.add(b.read());
      r.add(c.call("LRANGE", "k", "0", "-1"));
    });
  }

  @Test
  void shouldLeaveLaterWaitersBlockedWhenTheFirstTakesEverything() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "10");
      awaitBlocked(c, 1);
      b.send("BLPOP", "k", "0");
      awaitBlocked(c, 2);
      r.add(c.call("RPUSH", "k", "a", "b", "c"));
      r.add(a.read());
      r.add(c.call("EXISTS", "k"));
      awaitBlocked(c, 1);
      r.add(c.call("LPUSH", "k", "d"));
      r.add(b.read());
      r.add(c.call("EXISTS", "k"));
    });
  }

  @Test
  void shouldNotServeFromAListEmptiedInTheSameTransaction() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("MULTI"));
      r.add(c.call("RPUSH", "k", "gone"));
      r.add(c.call("LPOP", "k"));
      r.add(c.call("EXEC"));
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "k", "kept", "more"));
      r.add(a.read());
      r.add(c.call("LRANGE", "k", "0", "-1"));
    });
  }

  @Test
  void shouldServeFromTheKeyThatBecameReadyFirst() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k1", "k2", "0");
      awaitBlocked(c, 1);
      r.add(c.call("MULTI"));
      r.add(c.call("RPUSH", "k2", "from-k2"));
      r.add(c.call("RPUSH", "k1", "from-k1"));
      r.add(c.call("EXEC"));
      r.add(a.read());
      r.add(c.call("LRANGE", "k1", "0", "-1"));
      r.add(c.call("EXISTS", "k2"));
    });
  }

  @Test
  void shouldMoveForABlockedBlmoveAndChainToTheNextWaiter() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "src", "x", "y"));
      r.add(a.read());
      r.add(c.call("LRANGE", "src", "0", "-1"));
      r.add(c.call("LRANGE", "dst", "0", "-1"));
      r.add(c.call("DEL", "src", "dst"));

      a.send("BRPOPLPUSH", "s", "d", "0");
      awaitBlocked(c, 1);
      b.send("BLPOP", "d", "0");
      awaitBlocked(c, 2);
      r.add(c.call("RPUSH", "s", "v"));
      r.add(a.read());
      r.add(b.read());
      r.add(c.call("EXISTS", "s", "d"));

      a.send("BLMOVE", "ring", "ring", "RIGHT", "LEFT", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "ring", "1", "2"));
      r.add(a.read());
      r.add(c.call("LRANGE", "ring", "0", "-1"));
    });
  }

  @Test
  void shouldAnswerABlockedBlmoveWithWrongTypeWhenItsDestinationChanged() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
      awaitBlocked(c, 1);
      r.add(c.call("SET", "dst", "string"));
      r.add(c.call("RPUSH", "src", "x"));
      r.add(a.read());
      r.add(c.call("LRANGE", "src", "0", "-1"));
      r.add(c.call("GET", "dst"));
      awaitBlocked(c, 0);
    });
  }

  @Test
  void shouldStayBlockedWhileTheKeyHoldsAnotherType() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("SADD", "k", "member"));
      awaitBlocked(c, 1);
      r.add(c.call("DEL", "k"));
      r.add(c.call("RPUSH", "k", "now"));
      r.add(a.read());
    });
  }

  @Test
  void shouldServeWhenAListArrivesByRenameCopyOrMove() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "other", "renamed"));
      r.add(c.call("RENAME", "other", "k"));
      r.add(a.read());
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "other", "copied"));
      r.add(c.call("COPY", "other", "k"));
      r.add(a.read());
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("SELECT", "1"));
      r.add(c.call("RPUSH", "k", "moved"));
      r.add(c.call("MOVE", "k", "0"));
      r.add(a.read());
    });
  }

  @Test
  void shouldServeOnlyFromTheDatabaseTheClientBlockedIn() throws Exception {
    sameScenario((a, b, c, r) -> {
      r.add(a.call("SELECT", "1"));
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "k", "db0"));
      awaitBlocked(c, 1);
      r.add(c.call("SELECT", "1"));
      r.add(c.call("RPUSH", "k", "db1"));
      r.add(a.read());
      r.add(c.call("SELECT", "0"));
      r.add(c.call("LRANGE", "k", "0", "-1"));
    });
  }

  @Test
  void shouldRunCommandsPipelinedBehindABlockedOneOnlyAfterIt() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k", "0");
      a.send("RPUSH", "k", "own");
      a.send("LRANGE", "k", "0", "-1");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "k", "pushed"));
      r.add(a.read());
      r.add(a.read());
      r.add(a.read());
    });
  }

  @Test
  void shouldAnswerAtOnceInsideMulti() throws Exception {
    same("MULTI");
    same("BLPOP", "missing", "0");
    same("BRPOP", "missing", "0");
    same("BLMOVE", "missing", "d", "LEFT", "LEFT", "0");
    same("BRPOPLPUSH", "missing", "d", "0");
    same("BLMPOP", "0", "1", "missing", "LEFT");
    same("RPUSH", "l", "a");
    same("BLPOP", "l", "0");
    same("EXEC");
    same("EXISTS", "l", "d");
  }

  @Test
  void shouldDropAWaiterThatDisconnects() throws Exception {
    sameScenario((a, b, c, r) -> {
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      a.close();
      awaitBlocked(c, 0);
      r.add(c.call("RPUSH", "k", "kept"));
      r.add(c.call("LRANGE", "k", "0", "-1"));
    });
  }

  @Test
  void shouldUnblockOnClientUnblock() throws Exception {
    sameScenario((a, b, c, r) -> {
      long id = ((RespValue.Integer) a.call("CLIENT", "ID")).value();
      a.send("BLMOVE", "k", "d", "LEFT", "LEFT", "0");
      awaitBlocked(c, 1);
      r.add(c.call("CLIENT", "UNBLOCK", Long.toString(id)));
      r.add(a.read());
      b.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      r.add(c.call("RPUSH", "k", "v"));
      r.add(b.read());
    });
  }

  @Test
  void shouldRejectBadTimeoutsAndArgumentsLikeRedis() throws Exception {
    for (String timeout : new String[] {"-1", "-0.0011", "abc", "", " 1", "1 ", "nan", "inf", "-inf", "1e20", "1e16",
        "1e400", "1e5000", "9223372036854775807"}) {
      sameError("BLPOP", "k", timeout);
      sameError("BRPOP", "k", timeout);
      sameError("BLMOVE", "k", "d", "LEFT", "LEFT", timeout);
      sameError("BRPOPLPUSH", "k", "d", timeout);
      sameError("BLMPOP", timeout, "1", "k", "LEFT");
    }
    sameError("BLMOVE", "k", "d", "UP", "LEFT", "x");
    sameError("BLMOVE", "k", "d", "LEFT", "DOWN", "-1");
    sameError("BLMPOP", "x", "0", "k", "LEFT");
    sameError("BLMPOP", "0", "0", "k", "LEFT");
    sameError("BLMPOP", "0", "2", "k", "LEFT");
    sameError("BLMPOP", "0", "1", "k", "MIDDLE");
    sameError("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "0");
    sameError("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "1", "COUNT", "1");
    same("SET", "str", "v");
    same("RPUSH", "l", "x");
    sameError("BLPOP", "str", "l", "0");
    same("BLPOP", "l", "str", "0");
    sameError("BLMOVE", "str", "d", "LEFT", "LEFT", "0");
    same("RPUSH", "l", "x");
    sameError("BLMOVE", "l", "str", "LEFT", "LEFT", "0");
    sameError("BLMPOP", "0", "2", "missing", "str", "LEFT");
    same("LLEN", "l");
  }

  @Test
  void shouldPropagateWhatBlockingCommandsDidAsThePlainCommandsRedisReplicates() throws Exception {
    // Only the embedded backend: redis-server's replication stream is not visible to a client.
    Engine engine = belay.backend().engine();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Propagator recorder = (db, args) -> seen.add(render(args));
    engine.addPropagator(recorder);
    try (RawClient a = new RawClient(belay.port()); RawClient c = new RawClient(belay.port())) {
      a.send("BLPOP", "k", "0");
      awaitBlocked(c, 1);
      c.call("RPUSH", "k", "x");
      a.read();
      a.send("BLMOVE", "s", "d", "left", "right", "0");
      awaitBlocked(c, 1);
      c.call("RPUSH", "s", "y");
      a.read();
      a.send("BRPOPLPUSH", "s", "d", "0");
      awaitBlocked(c, 1);
      c.call("RPUSH", "s", "z");
      a.read();
      a.send("BLMPOP", "0", "1", "m", "RIGHT", "COUNT", "10");
      awaitBlocked(c, 1);
      c.call("RPUSH", "m", "1", "2", "3");
      a.read();
      c.call("RPUSH", "k", "v", "w");
      c.call("BLPOP", "k", "0");
      c.call("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "5");
      c.call("BLMOVE", "d", "d", "RIGHT", "LEFT", "0");
      c.call("LMPOP", "1", "d", "RIGHT");
      c.call("BLPOP", "missing", "0.01");
      c.call("LPOP", "missing");
      List<String> expected = List.of("RPUSH k x", "LPOP k", "RPUSH s y", "LMOVE s d LEFT RIGHT", "RPUSH s z",
          "RPOPLPUSH s d", "RPUSH m 1 2 3", "RPOP m 3", "RPUSH k v w", "LPOP k", "LPOP k 1", "LMOVE d d RIGHT LEFT",
          "RPOP d 1");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (seen.size() < expected.size() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(expected, List.copyOf(seen));
    } finally {
      engine.removePropagator(recorder);
    }
  }

  private static String render(byte[][] args) {
    List<String> words = new ArrayList<>();
    for (byte[] arg : args) {
      words.add(new String(arg, StandardCharsets.UTF_8));
    }
    return String.join(" ", words);
  }
}
