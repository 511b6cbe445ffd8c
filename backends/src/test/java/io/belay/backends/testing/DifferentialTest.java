package io.belay.backends.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.protocol.RespValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the same commands against a real redis-server (the oracle) and an embedded backend,
 * and compares the replies type for type. Subclasses call {@link #same} for each step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DifferentialTest {

  protected RedisServerProcess redis;
  protected EmbeddedBackend belay;
  protected RawClient oracle;
  protected RawClient subject;

  @BeforeAll
  void startServers() throws Exception {
    redis = RedisServerProcess.start();
    belay = EmbeddedBackend.start();
    oracle = new RawClient(redis.port());
    subject = new RawClient(belay.port());
  }

  @AfterAll
  void stopServers() throws IOException {
    if (oracle != null) {
      oracle.close();
    }
    if (subject != null) {
      subject.close();
    }
    if (belay != null) {
      belay.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void flush() throws IOException {
    oracle.call("FLUSHALL");
    subject.call("FLUSHALL");
    oracle.call("SELECT", "0");
    subject.call("SELECT", "0");
  }

  /** Sends {@code args} to both servers; asserts equal replies; returns redis-server's. */
  protected RespValue same(Object... args) throws IOException {
    RespValue expected = oracle.call(args);
    RespValue actual = subject.call(args);
    assertEquals(expected, actual, () -> "reply to " + describe(args));
    return expected;
  }

  /** Like {@link #same} but compares aggregates as multisets (order is unspecified in Redis). */
  protected RespValue sameUnordered(Object... args) throws IOException {
    RespValue expected = oracle.call(args);
    RespValue actual = subject.call(args);
    assertEquals(sorted(expected), sorted(actual), () -> "reply to " + describe(args));
    return expected;
  }

  /** Asserts both servers reply with an error, and with the same one. */
  protected void sameError(Object... args) throws IOException {
    RespValue expected = oracle.call(args);
    RespValue actual = subject.call(args);
    assertEquals(RespValue.Error.class, expected.getClass(), () -> "redis-server did not fail " + describe(args));
    assertEquals(expected, actual, () -> "error for " + describe(args));
  }

  /** Sends to both, ignoring replies (setup steps whose reply is not the point). */
  protected void both(Object... args) throws IOException {
    oracle.call(args);
    subject.call(args);
  }

  protected static RespValue sorted(RespValue v) {
    if (v instanceof RespValue.Array a) {
      List<RespValue> elements = new ArrayList<>();
      for (RespValue e : a.elements()) {
        elements.add(sorted(e));
      }
      elements.sort(Comparator.comparing(DifferentialTest::sortKey));
      return new RespValue.Array(a.marker(), elements);
    }
    return v;
  }

  private static String sortKey(RespValue v) {
    if (v instanceof RespValue.BulkString b) {
      return "$" + Arrays.toString(b.value());
    }
    return v.toString();
  }

  protected static String describe(Object... args) {
    StringBuilder sb = new StringBuilder();
    for (Object a : args) {
      sb.append(a instanceof byte[] b ? Arrays.toString(b) : String.valueOf(a)).append(' ');
    }
    return sb.toString().trim();
  }
}
