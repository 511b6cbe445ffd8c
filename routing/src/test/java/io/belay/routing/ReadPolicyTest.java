package io.belay.routing;

import static io.belay.routing.Fixtures.GROUP;
import static io.belay.routing.Fixtures.M;
import static io.belay.routing.Fixtures.R1;
import static io.belay.routing.Fixtures.R2;
import static io.belay.routing.Fixtures.R3;
import static io.belay.routing.Fixtures.healthy;
import static io.belay.routing.Fixtures.replica;
import static io.belay.routing.Fixtures.table;
import static io.belay.routing.Fixtures.tableWithoutMaster;
import static io.belay.routing.Fixtures.unknownLag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.routing.ReadSelection.Cause;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadPolicyTest {

  private static ReadContext context(NoReplicaBehaviour behaviour) {
    return new ReadContext(MaxReplicaLag.NONE, behaviour, Freshness.ANY, Spread.roundRobin());
  }

  private static ReadContext context() {
    return context(NoReplicaBehaviour.FALLBACK_TO_MASTER);
  }

  private static ReadSelection replicaOf(BackendRef ref) {
    return new ReadSelection.Replica(ref);
  }

  private static ReadSelection masterBecause(Cause cause) {
    return new ReadSelection.Master(M, cause);
  }

  /** How often each backend is chosen over {@code reads} selections with one context. */
  private static Map<BackendRef, Integer> tally(ReadPolicy policy, RoutingTable table,
      ReadContext context, int reads) {
    Map<BackendRef, Integer> counts = new HashMap<>();
    for (int i = 0; i < reads; i++) {
      BackendRef chosen = policy.select(table, context).backend().orElseThrow();
      counts.merge(chosen, 1, Integer::sum);
    }
    return counts;
  }

  /** Views that must never be read from, whatever the policy. */
  private static BackendView[] unusable() {
    return new BackendView[] {
        healthy(R1).withUp(false),
        healthy(R2).withLinkUp(false),
        healthy(R3).withRole(BackendRole.MASTER)};
  }

  @Nested
  class Master {

    @Test
    void shouldReadFromMasterEvenWithHealthyReplicas() {
      assertEquals(masterBecause(Cause.POLICY),
          ReadPolicy.MASTER.select(table(1, healthy(R1), healthy(R2)), context()));
    }

    @Test
    void shouldBeUnavailableWithoutMaster() {
      assertEquals(new ReadSelection.Unavailable(Cause.NO_MASTER),
          ReadPolicy.MASTER.select(tableWithoutMaster(2, healthy(R1)), context()));
    }
  }

  @Nested
  class PreferReplica {

    @Test
    void shouldSpreadRoundRobinOverHealthyReplicas() {
      ReadContext context = context();
      RoutingTable table = table(1, healthy(R1), healthy(R2));
      assertEquals(replicaOf(R1), ReadPolicy.PREFER_REPLICA.select(table, context));
      assertEquals(replicaOf(R2), ReadPolicy.PREFER_REPLICA.select(table, context));
      assertEquals(replicaOf(R1), ReadPolicy.PREFER_REPLICA.select(table, context));
    }

    @Test
    void shouldSkipReplicasThatAreDownUnlinkedOrReportMaster() {
      BackendView[] views = unusable();
      BackendRef spare = new BackendRef("r4", "127.0.0.1", 6384);
      RoutingTable table = table(1, views[0], views[1], views[2], healthy(spare));
      assertEquals(Map.of(spare, 10), tally(ReadPolicy.PREFER_REPLICA, table, context(), 10));
    }

    @Test
    void shouldSkipReplicaWithoutView() {
      RoutingTable table = RoutingTable.of(GROUP, 1, M, List.of(R1, R2), List.of(healthy(R2)));
      assertEquals(Map.of(R2, 6), tally(ReadPolicy.PREFER_REPLICA, table, context(), 6));
    }

    @Test
    void shouldSkipReplicasBeyondMaxReplicaLag() {
      ReadContext context = new ReadContext(MaxReplicaLag.ofTime(Duration.ofMillis(500)),
          NoReplicaBehaviour.FALLBACK_TO_MASTER, Freshness.ANY, Spread.roundRobin());
      RoutingTable table = table(1, replica(R1, 900, 2_000), replica(R2, 990, 100));
      assertEquals(Map.of(R2, 4), tally(ReadPolicy.PREFER_REPLICA, table, context, 4));
    }

    @Test
    void shouldFallBackToMasterWhenNoReplicaQualifiesEvenIfToldToFail() {
      RoutingTable table = table(1, unusable());
      assertEquals(masterBecause(Cause.NO_ELIGIBLE_REPLICA),
          ReadPolicy.PREFER_REPLICA.select(table, context(NoReplicaBehaviour.FAIL)));
    }

    @Test
    void shouldReadFromReplicasDuringFailover() {
      assertEquals(replicaOf(R1),
          ReadPolicy.PREFER_REPLICA.select(tableWithoutMaster(2, healthy(R1)), context()));
    }

    @Test
    void shouldBeUnavailableWithNeitherMasterNorReplica() {
      assertEquals(new ReadSelection.Unavailable(Cause.NO_MASTER),
          ReadPolicy.PREFER_REPLICA.select(tableWithoutMaster(2, unusable()), context()));
    }
  }

  @Nested
  class Replica {

    @Test
    void shouldReadFromHealthyReplica() {
      assertEquals(replicaOf(R2),
          ReadPolicy.REPLICA.select(table(1, healthy(R1).withUp(false), healthy(R2)), context()));
    }

    @Test
    void shouldFallBackToMasterWhenToldTo() {
      assertEquals(masterBecause(Cause.NO_ELIGIBLE_REPLICA), ReadPolicy.REPLICA.select(
          table(1, unusable()), context(NoReplicaBehaviour.FALLBACK_TO_MASTER)));
    }

    @Test
    void shouldFailWhenToldTo() {
      assertEquals(new ReadSelection.Unavailable(Cause.NO_ELIGIBLE_REPLICA),
          ReadPolicy.REPLICA.select(table(1, unusable()), context(NoReplicaBehaviour.FAIL)));
    }

    @Test
    void shouldFailWhenGroupHasNoReplicas() {
      assertEquals(new ReadSelection.Unavailable(Cause.NO_ELIGIBLE_REPLICA),
          ReadPolicy.REPLICA.select(table(1), context(NoReplicaBehaviour.FAIL)));
    }

    @Test
    void shouldBeUnavailableWhenFallingBackWithoutMaster() {
      assertEquals(new ReadSelection.Unavailable(Cause.NO_MASTER),
          ReadPolicy.REPLICA.select(tableWithoutMaster(3, unusable()), context()));
    }

    @Test
    void shouldSpreadWithInjectedRandom() {
      ReadContext context = new ReadContext(MaxReplicaLag.NONE,
          NoReplicaBehaviour.FAIL, Freshness.ANY, Spread.random(new SplittableRandom(7)));
      RoutingTable table = table(1, healthy(R1), healthy(R2).withUp(false), healthy(R3));
      Map<BackendRef, Integer> counts = tally(ReadPolicy.REPLICA, table, context, 200);
      assertEquals(2, counts.size(), () -> "only R1 and R3 qualify: " + counts);
      assertTrue(counts.get(R1) > 50 && counts.get(R3) > 50, () -> "both used: " + counts);
    }
  }

  @Nested
  class Any {

    @Test
    void shouldSpreadEvenlyOverMasterAndReplicas() {
      RoutingTable table = table(1, healthy(R1), healthy(R2));
      assertEquals(Map.of(M, 4, R1, 4, R2, 4), tally(ReadPolicy.ANY, table, context(), 12));
    }

    @Test
    void shouldSkipUnusableReplicas() {
      RoutingTable table = table(1, healthy(R1).withLinkUp(false), healthy(R2));
      assertEquals(Map.of(M, 3, R2, 3), tally(ReadPolicy.ANY, table, context(), 6));
    }

    @Test
    void shouldUseReplicasOnlyWithoutMaster() {
      RoutingTable table = tableWithoutMaster(2, healthy(R1), healthy(R2));
      assertEquals(Map.of(R1, 3, R2, 3), tally(ReadPolicy.ANY, table, context(), 6));
    }

    @Test
    void shouldUseMasterWhenNoReplicaQualifies() {
      assertEquals(masterBecause(Cause.NO_ELIGIBLE_REPLICA),
          ReadPolicy.ANY.select(table(1, unusable()), context(NoReplicaBehaviour.FAIL)));
    }
  }

  @Nested
  class LeastLag {

    @Test
    void shouldPickTheReplicaWithLeastLag() {
      RoutingTable table = table(1, replica(R1, 900, 10), replica(R2, 990, 10),
          replica(R3, 950, 10));
      assertEquals(replicaOf(R2), ReadPolicy.LEAST_LAG.select(table, context()));
    }

    @Test
    void shouldBreakTiesRoundRobin() {
      RoutingTable table = table(1, replica(R1, 990, 5), replica(R2, 900, 5),
          replica(R3, 990, 5));
      assertEquals(Map.of(R1, 3, R3, 3), tally(ReadPolicy.LEAST_LAG, table, context(), 6));
    }

    @Test
    void shouldPreferKnownLagOverUnknown() {
      RoutingTable table = table(1, unknownLag(R1), replica(R2, 100, 60_000));
      assertEquals(replicaOf(R2), ReadPolicy.LEAST_LAG.select(table, context()));
    }

    @Test
    void shouldIgnoreTheLeastLaggingReplicaWhenItIsDown() {
      RoutingTable table = table(1, replica(R1, 1_000, 0).withUp(false), replica(R2, 500, 9));
      assertEquals(replicaOf(R2), ReadPolicy.LEAST_LAG.select(table, context()));
    }

    @Test
    void shouldFollowNoReplicaBehaviour() {
      assertEquals(new ReadSelection.Unavailable(Cause.NO_ELIGIBLE_REPLICA),
          ReadPolicy.LEAST_LAG.select(table(1, unusable()), context(NoReplicaBehaviour.FAIL)));
      assertEquals(masterBecause(Cause.NO_ELIGIBLE_REPLICA),
          ReadPolicy.LEAST_LAG.select(table(1, unusable()), context()));
    }
  }

  @Nested
  class ReadYourWritesFreshness {

    private final AtomicLong clock = new AtomicLong();
    private final ReadYourWrites session = new ReadYourWrites(Duration.ofSeconds(1), clock::get);

    private ReadContext context(NoReplicaBehaviour behaviour) {
      return new ReadContext(MaxReplicaLag.NONE, behaviour, session, Spread.roundRobin());
    }

    @Test
    void shouldReadOnlyFromReplicasThatHaveTheSessionsWrite() {
      session.recordWrite(1, 950);
      RoutingTable table = table(1, replica(R1, 900, 5), replica(R2, 960, 5));
      for (ReadPolicy policy : List.of(ReadPolicy.PREFER_REPLICA, ReadPolicy.REPLICA,
          ReadPolicy.LEAST_LAG)) {
        assertEquals(Map.of(R2, 4), tally(policy, table, context(NoReplicaBehaviour.FAIL), 4),
            policy.configName());
      }
    }

    @Test
    void shouldPinSessionToMasterUntilAReplicaCatchesUpWhateverTheBehaviour() {
      session.recordWrite(1, 1_000);
      RoutingTable behind = table(1, replica(R1, 900, 5), replica(R2, 960, 5));
      for (ReadPolicy policy : List.of(ReadPolicy.PREFER_REPLICA, ReadPolicy.REPLICA,
          ReadPolicy.LEAST_LAG, ReadPolicy.ANY)) {
        assertEquals(masterBecause(Cause.NOT_FRESH_FOR_SESSION),
            policy.select(behind, context(NoReplicaBehaviour.FAIL)), policy.configName());
      }
      RoutingTable caughtUp = table(1, replica(R1, 900, 5), replica(R2, 1_000, 5));
      assertEquals(replicaOf(R2),
          ReadPolicy.REPLICA.select(caughtUp, context(NoReplicaBehaviour.FAIL)));
    }
  }

  // --- names ---

  @ParameterizedTest
  @ValueSource(strings = {"master", "prefer-replica", "replica", "any", "least-lag"})
  void shouldParseConfigNames(String name) {
    ReadPolicy policy = ReadPolicy.fromConfigName(name);
    assertEquals(name, policy.configName());
    assertSame(policy, ReadPolicy.fromConfigName(" " + name.toUpperCase() + " "));
  }

  @Test
  void shouldRejectUnknownConfigName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReadPolicy.fromConfigName("nearest"));
    assertTrue(e.getMessage().contains("prefer-replica"), e.getMessage());
  }

  @Test
  void shouldExposeEveryPreset() {
    assertEquals(List.of(ReadPolicy.MASTER, ReadPolicy.PREFER_REPLICA, ReadPolicy.REPLICA,
        ReadPolicy.ANY, ReadPolicy.LEAST_LAG), ReadPolicy.presets());
    ReadPolicy.presets().forEach(p -> assertNotNull(p));
  }

  @Test
  void shouldNameTheChosenBackend() {
    assertEquals(Optional.of(R1), replicaOf(R1).backend());
    assertEquals(Optional.of(M), masterBecause(Cause.POLICY).backend());
    assertEquals(Optional.empty(), new ReadSelection.Unavailable(Cause.NO_MASTER).backend());
  }

  @Test
  void shouldRejectInconsistentSelections() {
    assertThrows(IllegalArgumentException.class,
        () -> new ReadSelection.Master(M, Cause.NO_MASTER));
    assertThrows(IllegalArgumentException.class,
        () -> new ReadSelection.Unavailable(Cause.POLICY));
  }
}
