package io.belay.election.table;

import static io.belay.election.probe.Observations.down;
import static io.belay.election.probe.Observations.master;
import static io.belay.election.probe.Observations.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.GroupSpec;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.belay.routing.BackendView;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableBuilderTest {

  private static final BackendRef A = new BackendRef("a", "127.0.0.1", 7001);
  private static final BackendRef B = new BackendRef("b", "127.0.0.1", 7002);
  private static final BackendRef C = new BackendRef("c", "127.0.0.1", 7003);
  private static final GroupSpec SPEC = GroupSpec.of("g", List.of(A, B, C), 2);
  private static final GroupState STATE = GroupState.bootstrap("g", 4, "a", List.of("b", "c"));

  private final Map<BackendRef, Observation> seen = new HashMap<>(Map.of(
      A, master(A, 1000, List.of(new ProbeResult.ListedReplica("127.0.0.1", 7003, "online",
          900, 2))),
      B, replica(B, A, 1000),
      C, replica(C, A, 900)));

  private RoutingTable build(GroupState s, boolean leaseExpired) {
    return TableBuilder.build(SPEC, s, seen::get, leaseExpired);
  }

  @Test
  void shouldNameTheSharedMasterInTheTableEpochWithFreshViews() {
    RoutingTable t = build(STATE, false);
    assertEquals(4, t.epoch());
    assertEquals(A, t.master());
    assertEquals(List.of(B, C), t.replicas());
    BackendView b = t.view(B).orElseThrow();
    assertTrue(b.up());
    assertEquals(0, b.lagBytes().getAsLong());
    assertEquals(0, b.lagMillis().getAsLong());
    BackendView c = t.view(C).orElseThrow();
    assertEquals(100, c.lagBytes().getAsLong());
    assertEquals(2_000, c.lagMillis().getAsLong());
    assertEquals(1000, t.view(A).orElseThrow().offset().getAsLong());
  }

  @Test
  void shouldBeAcceptedAgainWithNewObservationsInTheSameEpoch() {
    RoutingHolder holder = new RoutingHolder("g");
    assertTrue(holder.offer(build(STATE, false)));
    seen.put(C, replica(C, A, 1000));
    assertTrue(holder.offer(build(STATE, false)));
    assertEquals(0, holder.current().orElseThrow().view(C).orElseThrow().lagBytes().getAsLong());
  }

  @Test
  void shouldNotRouteToAnOldMasterThatCameBackStillAMaster() {
    seen.put(C, master(C, 50, List.of()));
    BackendView c = build(STATE, false).view(C).orElseThrow();
    assertEquals(BackendRole.MASTER, c.role());
    assertFalse(c.up());
  }

  @Test
  void shouldNotRouteToAReplicaOfAnotherMaster() {
    seen.put(C, replica(C, B, 1000));
    assertFalse(build(STATE, false).view(C).orElseThrow().up());
  }

  @Test
  void shouldMarkADownBackendDownButKeepWhatWasLastSeen() {
    seen.put(B, down(B, seen.get(B)));
    BackendView b = build(STATE, false).view(B).orElseThrow();
    assertFalse(b.up());
    assertEquals(1000, b.offset().getAsLong());
  }

  @Test
  void shouldNameNoMasterWhileASwitchoverHoldsWrites() {
    GroupState held = STATE.claim(5, new io.belay.election.state.Attempt("x", "x",
        io.belay.election.state.FailoverKind.SWITCHOVER, "HOLD_WRITES", "b", "a", false, 1))
        .holdingWrites();
    RoutingTable t = build(held, false);
    assertNull(t.master());
    assertEquals(5, t.epoch());
    assertEquals(List.of(A, B, C), t.replicas());
    assertTrue(t.view(B).orElseThrow().up(), "reads may go on from replicas");
  }

  @Test
  void shouldNameNoMasterAboveTheSharedEpochOnceTheLeaseRanOut() {
    RoutingHolder holder = new RoutingHolder("g");
    holder.offer(build(STATE, false));
    RoutingTable expired = build(STATE, true);
    assertNull(expired.master());
    assertEquals(5, expired.epoch());
    assertTrue(holder.offer(expired), "a holder must take it over the table it holds");
  }
}
