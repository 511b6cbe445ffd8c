package io.belay.it.harness;

import io.belay.it.harness.Workload.Kind;
import io.belay.it.harness.Workload.Op;
import io.belay.it.harness.Workload.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * Judges a {@link Workload}'s history against the final state read from a backend after the
 * faults healed: what acknowledged writes were lost, what is present that nobody wrote, what
 * is doubled, which reads were stale, whether writes were acknowledged under an old epoch
 * after a newer one had acknowledged writes (two masters at once), and the longest time
 * without an acknowledged write.
 */
public final class WorkloadCheck {

  /**
   * The verdict. Times in milliseconds.
   *
   * @param acknowledged     writes (RPUSH and INCR) acknowledged to a client
   * @param lost             acknowledged RPUSHes whose value is missing from the final state
   * @param lostIncrements   acknowledged INCRs whose reply the final counter is below
   * @param invented         values present that no RPUSH ever sent, plus increments beyond
   *                         every INCR invoked
   * @param duplicated       values present more than once
   * @param stale            reads (LLEN of the client's own list) shorter than what that client
   *                         had already seen acknowledged and what survived
   * @param maxStaleness     the most elements a stale read was behind
   * @param splitBrain       writes acknowledged under an epoch lower than one that had
   *                         already acknowledged a write
   * @param splitBrainLost   of those, how many are lost
   * @param longestOutageMs  the longest gap between two acknowledged writes
   * @param unknown          operations that timed out or lost their connection
   * @param errors           operations answered with an error, by message shape
   */
  public record Report(int acknowledged, List<Op> lost, int lostIncrements, int invented, int duplicated,
      int stale, long maxStaleness, int splitBrain, int splitBrainLost, long longestOutageMs, int unknown,
      Map<String, Long> errors) {

    @Override
    public String toString() {
      return "acknowledged writes " + acknowledged + ", lost " + lost.size() + " appends and " + lostIncrements
          + " increments, invented " + invented + ", duplicated " + duplicated + ", stale reads " + stale
          + " (at most " + maxStaleness + " behind), acknowledged under an old epoch " + splitBrain + " ("
          + splitBrainLost + " lost), longest time without an acknowledged write " + longestOutageMs
          + " ms, unknown outcomes " + unknown + ", errors " + errors;
    }
  }

  private WorkloadCheck() {
  }

  /** Reads the final lists and counter from the backend on {@code port} and judges. */
  public static Report check(List<Op> history, int clients, int port) {
    Map<Integer, List<String>> lists = new HashMap<>();
    long counter;
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      for (int c = 0; c < clients; c++) {
        lists.put(c, j.lrange(Workload.listOf(c), 0, -1));
      }
      String v = j.get(Workload.COUNTER);
      counter = v == null ? 0 : Long.parseLong(v);
    }
    return judge(history, lists, counter);
  }

  /** The verdict for {@code history} given the final {@code lists} (by client) and counter. */
  public static Report judge(List<Op> history, Map<Integer, List<String>> lists, long counter) {
    Set<String> sent = new HashSet<>();
    for (Op o : history) {
      if (o.kind() == Kind.RPUSH) {
        sent.add(o.value());
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    lists.values().forEach(l -> l.forEach(v -> seen.merge(v, 1, Integer::sum)));
    int invented = (int) seen.keySet().stream().filter(v -> !sent.contains(v)).count();
    int duplicated = (int) seen.values().stream().filter(n -> n > 1).count();

    List<Op> lost = history.stream().filter(o -> o.kind() == Kind.RPUSH && o.ok() && !seen.containsKey(o.value()))
        .toList();
    int lostIncrements = (int) history.stream().filter(o -> o.kind() == Kind.INCR && o.ok() && o.reply() > counter)
        .count();
    long incrInvoked = history.stream().filter(o -> o.kind() == Kind.INCR).count();
    if (counter > incrInvoked) {
      invented += (int) (counter - incrInvoked);
    }

    // A read is stale when it shows fewer of the client's own elements than the client had
    // seen acknowledged before invoking it, counting only those that survived (a lost write
    // is reported as lost, not again as staleness).
    int stale = 0;
    long maxStaleness = 0;
    Map<Integer, List<Op>> byClient = history.stream().collect(Collectors.groupingBy(Op::client));
    for (Map.Entry<Integer, List<Op>> e : byClient.entrySet()) {
      Set<String> present = new HashSet<>(lists.getOrDefault(e.getKey(), List.of()));
      List<Op> ops = new ArrayList<>(e.getValue());
      ops.sort(Comparator.comparingLong(Op::invoked));
      long ackedSurviving = 0;
      for (Op o : ops) {
        if (o.kind() == Kind.RPUSH && o.ok() && present.contains(o.value())) {
          ackedSurviving++;
        } else if (o.kind() == Kind.LLEN && o.ok() && o.reply() < ackedSurviving) {
          stale++;
          maxStaleness = Math.max(maxStaleness, ackedSurviving - o.reply());
        }
      }
    }

    // Writes acknowledged under an epoch lower than one that had already acknowledged a write.
    List<Op> writes = history.stream().filter(o -> o.ok() && o.kind() != Kind.LLEN && o.epoch() >= 0)
        .sorted(Comparator.comparingLong(Op::completed)).toList();
    int splitBrain = 0;
    int splitBrainLost = 0;
    long highest = -1;
    for (Op o : writes) {
      if (o.epoch() < highest) {
        splitBrain++;
        if (o.kind() == Kind.RPUSH && !seen.containsKey(o.value())) {
          splitBrainLost++;
        }
      }
      highest = Math.max(highest, o.epoch());
    }

    List<Long> ackTimes = history.stream().filter(o -> o.ok() && o.kind() != Kind.LLEN).map(Op::completed)
        .sorted().toList();
    long longest = 0;
    for (int i = 1; i < ackTimes.size(); i++) {
      longest = Math.max(longest, ackTimes.get(i) - ackTimes.get(i - 1));
    }
    int acknowledged = (int) history.stream().filter(o -> o.ok() && o.kind() != Kind.LLEN).count();
    int unknown = (int) history.stream().filter(o -> o.outcome() == Outcome.UNKNOWN).count();
    Map<String, Long> errors = history.stream().filter(o -> o.outcome() != Outcome.OK)
        .collect(Collectors.groupingBy(o -> shape(o.error()), java.util.TreeMap::new, Collectors.counting()));
    return new Report(acknowledged, lost, lostIncrements, invented, duplicated, stale, maxStaleness, splitBrain,
        splitBrainLost, longest / 1_000_000, unknown, errors);
  }

  private static String shape(String error) {
    if (error == null) {
      return "(no message)";
    }
    String s = error.replaceAll("[0-9]+", "N");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}
