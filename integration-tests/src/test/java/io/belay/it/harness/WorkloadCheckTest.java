package io.belay.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.it.harness.Workload.Kind;
import io.belay.it.harness.Workload.Op;
import io.belay.it.harness.Workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadCheckTest {

  private final List<Op> history = new ArrayList<>();
  private long clock;

  private void op(int client, Kind kind, String value, Outcome outcome, long reply, long epoch) {
    clock += 1_000_000;
    history.add(new Op(client, kind, value, clock, clock + 500_000, outcome, reply, epoch,
        outcome == Outcome.OK ? null : "ERR failed 42"));
  }

  @Test
  void shouldFindNothingWrongWithAHistoryThatMatchesTheFinalState() {
    op(0, Kind.RPUSH, "c0-0", Outcome.OK, 1, 1);
    op(0, Kind.LLEN, null, Outcome.OK, 1, 1);
    op(0, Kind.INCR, null, Outcome.OK, 1, 1);
    op(0, Kind.RPUSH, "c0-1", Outcome.UNKNOWN, -1, 1);
    WorkloadCheck.Report r = WorkloadCheck.judge(history, Map.of(0, List.of("c0-0", "c0-1")), 1);
    assertEquals(List.of(), r.lost());
    assertEquals(0, r.invented() + r.duplicated() + r.stale() + r.splitBrain() + r.lostIncrements());
    assertEquals(2, r.acknowledged());
    assertEquals(1, r.unknown());
    assertEquals(Map.of("ERR failed N", 1L), r.errors());
  }

  @Test
  void shouldReportLostInventedAndDoubledValues() {
    op(0, Kind.RPUSH, "c0-0", Outcome.OK, 1, 1);
    op(0, Kind.RPUSH, "c0-1", Outcome.OK, 2, 1);
    op(1, Kind.RPUSH, "c1-0", Outcome.OK, 1, 1);
    WorkloadCheck.Report r = WorkloadCheck.judge(history,
        Map.of(0, List.of("c0-0", "nobody", "c0-0"), 1, List.of()), 0);
    assertEquals(List.of("c0-1", "c1-0"), r.lost().stream().map(Op::value).toList());
    assertEquals(1, r.invented());
    assertEquals(1, r.duplicated());
  }

  @Test
  void shouldReportIncrementsBelowAnAcknowledgedReplyAndBeyondEveryInvocation() {
    op(0, Kind.INCR, null, Outcome.OK, 1, 1);
    op(0, Kind.INCR, null, Outcome.OK, 2, 1);
    op(0, Kind.INCR, null, Outcome.OK, 3, 1);
    assertEquals(2, WorkloadCheck.judge(history, Map.of(), 1).lostIncrements());
    assertEquals(2, WorkloadCheck.judge(history, Map.of(), 5).invented());
  }

  @Test
  void shouldReportReadsBehindTheClientsOwnAcknowledgedWrites() {
    op(0, Kind.RPUSH, "c0-0", Outcome.OK, 1, 1);
    op(0, Kind.RPUSH, "c0-1", Outcome.OK, 2, 1);
    op(0, Kind.LLEN, null, Outcome.OK, 0, 1);
    op(0, Kind.LLEN, null, Outcome.OK, 2, 1);
    WorkloadCheck.Report r = WorkloadCheck.judge(history, Map.of(0, List.of("c0-0", "c0-1")), 0);
    assertEquals(1, r.stale());
    assertEquals(2, r.maxStaleness());
  }

  @Test
  void shouldNotCountAReadAsStaleForAWriteThatWasLost() {
    op(0, Kind.RPUSH, "c0-0", Outcome.OK, 1, 1);
    op(0, Kind.RPUSH, "c0-1", Outcome.OK, 2, 1);
    op(0, Kind.LLEN, null, Outcome.OK, 1, 2);
    WorkloadCheck.Report r = WorkloadCheck.judge(history, Map.of(0, List.of("c0-0")), 0);
    assertEquals(0, r.stale());
    assertEquals(1, r.lost().size());
  }

  @Test
  void shouldReportWritesAcknowledgedUnderAnOldEpochAfterANewerOne() {
    op(0, Kind.RPUSH, "c0-0", Outcome.OK, 1, 1);
    op(1, Kind.RPUSH, "c1-0", Outcome.OK, 1, 2);
    op(0, Kind.RPUSH, "c0-1", Outcome.OK, 2, 1);
    op(0, Kind.INCR, null, Outcome.OK, 1, 1);
    WorkloadCheck.Report r = WorkloadCheck.judge(history, Map.of(0, List.of("c0-0"), 1, List.of("c1-0")), 1);
    assertEquals(2, r.splitBrain());
    assertEquals(1, r.splitBrainLost());
  }
}
