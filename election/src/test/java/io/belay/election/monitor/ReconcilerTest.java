package io.belay.election.monitor;

import static io.belay.election.probe.Observations.down;
import static io.belay.election.probe.Observations.master;
import static io.belay.election.probe.Observations.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.election.EventType;
import io.belay.election.GroupSpec;
import io.belay.election.probe.Observation;
import io.belay.election.state.Attempt;
import io.belay.election.state.FailoverKind;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static final BackendRef A = new BackendRef("a", "127.0.0.1", 7001);
  private static final BackendRef B = new BackendRef("b", "127.0.0.1", 7002);
  private static final BackendRef C = new BackendRef("c", "127.0.0.1", 7003);
  private static final GroupSpec SPEC = GroupSpec.of("g", List.of(A, B, C), 2);
  /** b was promoted in epoch 6; a is the old master. */
  private static final GroupState STATE = GroupState.bootstrap("g", 6, "b", List.of("a", "c"));

  private final Map<BackendRef, Observation> seen = new HashMap<>(Map.of(
      A, replica(A, B, 10), B, master(B, 10, List.of()), C, replica(C, B, 10)));

  @Test
  void shouldLeaveAConsistentGroupAlone() {
    assertEquals(List.of(), Reconciler.plan(SPEC, STATE, seen::get));
  }

  @Test
  void shouldDemoteAReturningOldMasterInTheCurrentEpoch() {
    seen.put(A, master(A, 5, List.of()));
    assertEquals(List.of(new Reconciler.Order(A, B, 6, EventType.CONVERT_TO_REPLICA)),
        Reconciler.plan(SPEC, STATE, seen::get));
  }

  @Test
  void shouldRepointAReplicaThatFollowsTheWrongMaster() {
    seen.put(C, replica(C, A, 10));
    assertEquals(List.of(new Reconciler.Order(C, B, 6, EventType.FIX_REPLICA_CONFIG)),
        Reconciler.plan(SPEC, STATE, seen::get));
  }

  @Test
  void shouldNotOrderBackendsItCannotReach() {
    seen.put(A, down(A, master(A, 5, List.of())));
    assertEquals(List.of(), Reconciler.plan(SPEC, STATE, seen::get));
  }

  @Test
  void shouldStayOutOfTheWayOfARunningFailover() {
    seen.put(A, master(A, 5, List.of()));
    GroupState running = STATE.claim(7, new Attempt("x", "x", FailoverKind.FAILOVER,
        "SEND_PROMOTE", "c", "b", true, 1));
    assertEquals(List.of(), Reconciler.plan(SPEC, running, seen::get));
  }
}
