package io.belay.routing;

import static io.belay.routing.Fixtures.GROUP;
import static io.belay.routing.Fixtures.M;
import static io.belay.routing.Fixtures.R1;
import static io.belay.routing.Fixtures.R2;
import static io.belay.routing.Fixtures.healthy;
import static io.belay.routing.Fixtures.master;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  @Test
  void shouldRejectNegativeEpoch() {
    assertThrows(IllegalArgumentException.class,
        () -> RoutingTable.of(GROUP, -1, M, List.of(), List.of()));
  }

  @Test
  void shouldRejectMasterListedAsReplica() {
    assertThrows(IllegalArgumentException.class,
        () -> RoutingTable.of(GROUP, 1, M, List.of(R1, M), List.of()));
  }

  @Test
  void shouldRejectReplicaListedTwice() {
    assertThrows(IllegalArgumentException.class,
        () -> RoutingTable.of(GROUP, 1, M, List.of(R1, R1), List.of()));
  }

  @Test
  void shouldRejectViewOfABackendOutsideTheGroup() {
    assertThrows(IllegalArgumentException.class,
        () -> RoutingTable.of(GROUP, 1, M, List.of(R1), List.of(healthy(R2))));
  }

  @Test
  void shouldRejectViewFiledUnderAnotherId() {
    assertThrows(IllegalArgumentException.class,
        () -> new RoutingTable(GROUP, 1, M, List.of(R1), Map.of("r1", healthy(R2))));
  }

  @Test
  void shouldRejectViewWhoseAddressDiffersFromTheMember() {
    BackendRef moved = new BackendRef("r1", "10.0.0.9", 6381);
    assertThrows(IllegalArgumentException.class,
        () -> RoutingTable.of(GROUP, 1, M, List.of(R1), List.of(healthy(moved))));
  }

  @Test
  void shouldAllowNoMasterDuringFailover() {
    RoutingTable table = RoutingTable.of(GROUP, 3, null, List.of(R1), List.of(healthy(R1)));
    assertFalse(table.hasMaster());
    assertEquals(Optional.empty(), table.masterRef());
  }

  @Test
  void shouldBeImmutable() {
    List<BackendRef> replicas = new ArrayList<>(List.of(R1));
    RoutingTable table = RoutingTable.of(GROUP, 1, M, replicas, List.of());
    replicas.add(R2);
    assertEquals(List.of(R1), table.replicas());
    assertThrows(UnsupportedOperationException.class, () -> table.replicas().add(R2));
  }

  @Test
  void shouldFindViewsByMember() {
    RoutingTable table = RoutingTable.of(GROUP, 1, M, List.of(R1, R2),
        List.of(master(), healthy(R1)));
    assertEquals(Optional.of(healthy(R1)), table.view(R1));
    assertEquals(Optional.empty(), table.view(R2));
  }

  @Test
  void shouldCompareTopologyIgnoringReplicaOrderAndObservations() {
    RoutingTable a = RoutingTable.of(GROUP, 1, M, List.of(R1, R2), List.of(healthy(R1)));
    RoutingTable b = RoutingTable.of(GROUP, 1, M, List.of(R2, R1),
        List.of(healthy(R1).withUp(false)));
    RoutingTable c = RoutingTable.of(GROUP, 1, R1, List.of(M, R2), List.of());
    assertTrue(a.sameTopology(b));
    assertFalse(a.sameTopology(c));
  }
}
