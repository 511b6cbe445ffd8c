package io.belay.it.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.AckedWriter;
import io.belay.it.harness.Cluster;
import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/** What the failover tests check after the fact, and where they keep their processes' files. */
final class FailoverChecks {

  static final String KEY = "it:acked";

  private FailoverChecks() {
  }

  /**
   * A directory under {@code target/} rather than a JUnit temporary one, so that the logs of
   * every process stay for a look after a failure.
   */
  static Path workDir(String test) {
    return Path.of("target", "failover-it", test + "-" + System.currentTimeMillis()).toAbsolutePath();
  }

  /** The whole list as one backend holds it. */
  static List<String> list(Cluster c, int backend) {
    try (Jedis j = Redis.connect(c.backendPort(backend))) {
      return j.lrange(KEY, 0, -1);
    }
  }

  /** Values written more than once: a write the path replayed. */
  static Set<String> duplicates(Collection<String> values) {
    Set<String> seen = new HashSet<>();
    return values.stream().filter(v -> !seen.add(v)).collect(Collectors.toSet());
  }

  static void assertNoneMissing(String what, List<AckedWriter.Ack> acked, List<String> present, long origin) {
    List<AckedWriter.Ack> missing = AckedWriter.missing(acked, present);
    assertTrue(missing.isEmpty(), what + ": " + missing.size() + " of " + acked.size()
        + " acknowledged writes are missing, e.g. " + describe(missing, origin));
  }

  static void assertNoDuplicates(List<String> present) {
    assertEquals(Set.of(), duplicates(present), "values written twice");
  }

  static String describe(List<AckedWriter.Ack> acks, long origin) {
    List<String> out = new ArrayList<>();
    for (AckedWriter.Ack a : acks.subList(0, Math.min(10, acks.size()))) {
      out.add(a.value() + " acked at " + millis(a.at() - origin) + " ms");
    }
    return out.toString();
  }

  static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  static String errors(List<AckedWriter.Failure> failures) {
    Map<String, Integer> h = AckedWriter.histogram(failures);
    return failures.size() + " " + h;
  }
}
