package io.belay.election.monitor;

import static io.belay.election.probe.Observations.down;
import static io.belay.election.probe.Observations.master;
import static io.belay.election.probe.Observations.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.belay.election.GroupSpec;
import io.belay.election.probe.Observation;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static final BackendRef A = new BackendRef("a", "127.0.0.1", 7001);
  private static final BackendRef B = new BackendRef("b", "127.0.0.1", 7002);
  private static final BackendRef C = new BackendRef("c", "127.0.0.1", 7003);
  private static final GroupSpec SPEC = GroupSpec.of("g", List.of(A, B, C), 2);

  private final Map<BackendRef, Observation> seen = new HashMap<>();

  private Bootstrap.Discovery discover(long known) {
    return Bootstrap.discover(SPEC, seen::get, known);
  }

  private GroupState found(Bootstrap.Discovery d) {
    return assertInstanceOf(Bootstrap.Discovery.Found.class, d).state();
  }

  @Test
  void shouldTakeTheOnlyMasterWhateverTheConfigurationOrder() {
    seen.put(A, replica(A, B, 10));
    seen.put(B, master(B, 10, List.of()));
    seen.put(C, replica(C, B, 10));
    GroupState s = found(discover(-1));
    assertEquals("b", s.master());
    assertEquals(List.of("a", "c"), s.replicas());
    assertEquals(1, s.epoch());
  }

  @Test
  void shouldStartAboveEveryKnownEpoch() {
    seen.put(A, master(A, 10, List.of()));
    seen.put(B, replica(B, A, 10));
    seen.put(C, replica(C, A, 10));
    assertEquals(8, found(discover(7)).epoch());
  }

  @Test
  void shouldTakeTheMasterEveryReplicaFollowsWhenItIsDown() {
    seen.put(A, down(A, null));
    seen.put(B, replica(B, A, 10));
    seen.put(C, replica(C, A, 10));
    assertEquals("a", found(discover(0)).master());
  }

  @Test
  void shouldTakeTheMostFollowedOfSeveralMasters() {
    seen.put(A, master(A, 10, List.of()));
    seen.put(B, master(B, 10, List.of()));
    seen.put(C, replica(C, B, 10));
    assertEquals("b", found(discover(0)).master());
  }

  @Test
  void shouldRefuseToGuessBetweenEqualMasters() {
    seen.put(A, master(A, 10, List.of()));
    seen.put(B, master(B, 10, List.of()));
    seen.put(C, down(C, null));
    assertInstanceOf(Bootstrap.Discovery.Undecided.class, discover(0));
  }
}
