package io.belay.election.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicaSelectorTest {

  private static final ReplicaSelector.Limits LIMITS =
      new ReplicaSelector.Limits(1_000, 500, 1_000);

  private static ReplicaCandidate replica(String id, int priority, long offset, String runId) {
    return new ReplicaCandidate(new BackendRef(id, "127.0.0.1", 7000 + id.charAt(0)), false,
        false, BackendRole.REPLICA, priority, offset, runId, 0, 10);
  }

  @Test
  void shouldPreferTheLowestPriorityOverAnyOffset() {
    ReplicaCandidate low = replica("a", 10, 100, "z");
    ReplicaCandidate high = replica("b", 100, 999_999, "a");
    assertEquals(low, ReplicaSelector.select(List.of(high, low), LIMITS).orElseThrow());
  }

  @Test
  void shouldPreferTheLargerOffsetAtEqualPriority() {
    ReplicaCandidate behind = replica("a", 100, 100, "a");
    ReplicaCandidate ahead = replica("b", 100, 200, "z");
    assertEquals(ahead, ReplicaSelector.select(List.of(behind, ahead), LIMITS).orElseThrow());
  }

  @Test
  void shouldBreakTiesWithTheSmallerRunId() {
    ReplicaCandidate first = replica("a", 100, 100, "0aaa");
    ReplicaCandidate second = replica("b", 100, 100, "0bbb");
    assertEquals(first, ReplicaSelector.select(List.of(second, first), LIMITS).orElseThrow());
  }

  @Test
  void shouldSortAnUnknownRunIdLast() {
    ReplicaCandidate unknown = replica("a", 100, 100, null);
    ReplicaCandidate known = replica("b", 100, 100, "ffff");
    assertEquals(known, ReplicaSelector.select(List.of(unknown, known), LIMITS).orElseThrow());
  }

  @Test
  void shouldOrderTheSameWayWhateverTheInputOrder() {
    List<ReplicaCandidate> all = new ArrayList<>(List.of(
        replica("a", 100, 5, "c"), replica("b", 100, 5, "b"), replica("c", 50, 1, "x"),
        replica("d", 100, 9, "z"), replica("e", 100, 5, "a")));
    List<String> expected = List.of("c", "d", "e", "b", "a");
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(all);
      List<ReplicaCandidate> sorted = new ArrayList<>(all);
      sorted.sort(ReplicaSelector.ORDER);
      assertEquals(expected, sorted.stream().map(c -> c.backend().id()).toList());
    }
  }

  @Test
  void shouldSkipReplicasThatAreDownLoadingOrNotReplicas() {
    ReplicaCandidate best = replica("a", 1, 1_000, "a");
    ReplicaCandidate down = new ReplicaCandidate(best.backend(), true, false,
        BackendRole.REPLICA, 1, 1_000, "a", 0, 10);
    ReplicaCandidate loading = new ReplicaCandidate(best.backend(), false, true,
        BackendRole.REPLICA, 1, 1_000, "a", 0, 10);
    ReplicaCandidate master = new ReplicaCandidate(best.backend(), false, false,
        BackendRole.MASTER, 1, 1_000, "a", 0, 10);
    assertEquals(Optional.of("down"), ReplicaSelector.rejection(down, LIMITS));
    assertEquals(Optional.of("loading"), ReplicaSelector.rejection(loading, LIMITS));
    assertEquals(Optional.of("not a replica"), ReplicaSelector.rejection(master, LIMITS));
    ReplicaCandidate fallback = replica("b", 100, 1, "b");
    assertEquals(fallback,
        ReplicaSelector.select(List.of(down, loading, master, fallback), LIMITS).orElseThrow());
  }

  @Test
  void shouldSkipPriorityZero() {
    ReplicaCandidate never = replica("a", 0, 1_000, "a");
    assertEquals(Optional.of("replica-priority 0"), ReplicaSelector.rejection(never, LIMITS));
    assertTrue(ReplicaSelector.select(List.of(never), LIMITS).isEmpty());
  }

  @Test
  void shouldSkipAReplicaWhoseLinkWentDownLongBeforeTheMaster() {
    // master down 1 s, down-after 500 ms: a link down over 1 s + 10 * 500 ms is too old
    ReplicaCandidate stale = new ReplicaCandidate(new BackendRef("a", "h", 1), false, false,
        BackendRole.REPLICA, 100, 100, "a", 6_001, 10);
    ReplicaCandidate recent = new ReplicaCandidate(new BackendRef("b", "h", 2), false, false,
        BackendRole.REPLICA, 100, 100, "b", 6_000, 10);
    assertEquals(Optional.of("link to master down for too long"),
        ReplicaSelector.rejection(stale, LIMITS));
    assertEquals(Optional.empty(), ReplicaSelector.rejection(recent, LIMITS));
  }

  @Test
  void shouldSkipAReplicaWithoutARecentProbeReply() {
    ReplicaCandidate silent = new ReplicaCandidate(new BackendRef("a", "h", 1), false, false,
        BackendRole.REPLICA, 100, 100, "a", 0, 1_001);
    assertEquals(Optional.of("no recent probe reply"),
        ReplicaSelector.rejection(silent, LIMITS));
  }

  @Test
  void shouldMeasureTheExpectedLossOnlyWhenBothOffsetsAreKnown() {
    assertEquals(400, ReplicaSelector.expectedLoss(1_000, 600));
    assertEquals(0, ReplicaSelector.expectedLoss(600, 1_000));
    assertEquals(0, ReplicaSelector.expectedLoss(-1, 600));
    assertEquals(0, ReplicaSelector.expectedLoss(1_000, -1));
  }
}
