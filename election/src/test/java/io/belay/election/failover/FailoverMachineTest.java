package io.belay.election.failover;

import static io.belay.election.failover.FakeEnvironment.A;
import static io.belay.election.failover.FakeEnvironment.B;
import static io.belay.election.failover.FakeEnvironment.C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.EventType;
import io.belay.election.state.Attempt;
import io.belay.election.state.FailoverKind;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRole;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailoverMachineTest {

  private Vertx vertx;
  private FakeEnvironment env;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    env = new FakeEnvironment(vertx);
    env.store.put(GroupState.bootstrap("g", 5, "a", List.of("b", "c")));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private FailoverOutcome run(FailoverKind kind) throws Exception {
    CompletableFuture<FailoverOutcome> out = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> new FailoverMachine(env, kind).run()
        .onComplete(ar -> {
          if (ar.succeeded()) {
            out.complete(ar.result());
          } else {
            out.completeExceptionally(ar.cause());
          }
        }));
    return out.get(10, TimeUnit.SECONDS);
  }

  private GroupState shared() {
    return env.store.current("g");
  }

  @Test
  void shouldPromoteTheReplicaWithTheLargestOffsetInTheClaimedEpoch() throws Exception {
    env.down.put(A, true);
    env.backend(A).reachable = false;

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(new FailoverOutcome.Completed(C, 6), outcome);
    assertEquals(List.of("PROMOTE 6"), env.backend(C).orders);
    assertEquals(List.of("REPLICAOF 6 c"), env.backend(B).orders);
    assertEquals(BackendRole.MASTER, env.backend(C).role);
    GroupState s = shared();
    assertEquals(6, s.epoch());
    assertEquals(6, s.tableEpoch());
    assertEquals("c", s.master());
    assertEquals(List.of("a", "b"), s.replicas());
    assertNull(s.attempt());
    assertEquals(List.of(EventType.NEW_EPOCH, EventType.TRY_FAILOVER, EventType.ELECTED_LEADER,
        EventType.FAILOVER_STATE_SELECT_REPLICA, EventType.SELECTED_REPLICA,
        EventType.FAILOVER_STATE_SEND_PROMOTE, EventType.FAILOVER_STATE_WAIT_PROMOTION,
        EventType.PROMOTED_REPLICA, EventType.FAILOVER_STATE_RECONF_REPLICAS,
        EventType.REPLICA_RECONF_SENT, EventType.FAILOVER_END), env.types());
  }

  @Test
  void shouldRecordThePromotionBeforeSendingIt() throws Exception {
    env.down.put(A, true);
    Attempt[] recorded = new Attempt[1];
    env.backend(C).onOrder = () -> recorded[0] = shared().attempt();

    run(FailoverKind.FAILOVER);

    assertTrue(recorded[0].promotionSent());
    assertEquals("c", recorded[0].candidate());
  }

  @Test
  void shouldClaimAboveEveryEpochItKnows() throws Exception {
    env.down.put(A, true);
    env.known = 41;

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(42, ((FailoverOutcome.Completed) outcome).epoch());
    assertEquals(42, shared().tableEpoch());
  }

  @Test
  void shouldTouchNoBackendWhenAnotherLeaderClaimedTheEpochFirst() throws Exception {
    env.down.put(A, true);
    GroupState rival = shared().claim(6, new Attempt("other", "node-other", FailoverKind.FAILOVER,
        "SELECT_REPLICA", null, "a", false, 1));
    env.members.add("other");
    env.store.beforeCompareAndSet = () -> {
      if (shared().epoch() == 5) {
        env.store.put(rival);
      }
    };

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertInstanceOf(FailoverOutcome.Aborted.class, outcome);
    assertEquals(FailoverState.WAIT_START, ((FailoverOutcome.Aborted) outcome).state());
    env.backends.values().forEach(b -> assertEquals(List.of(), b.orders));
    assertEquals("other", shared().attempt().leader());
  }

  @Test
  void shouldAbortWithoutPromotingWhenNoReplicaQualifies() throws Exception {
    env.down.put(A, true);
    env.down.put(B, true);
    env.priority.put(C, 0);

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(FailoverState.SELECT_REPLICA, ((FailoverOutcome.Aborted) outcome).state());
    assertTrue(env.types().contains(EventType.NO_GOOD_REPLICA));
    env.backends.values().forEach(b -> assertEquals(List.of(), b.orders));
    GroupState s = shared();
    assertNull(s.attempt());
    assertEquals(6, s.epoch(), "a claimed epoch is never given back");
    assertEquals(5, s.tableEpoch());
    assertEquals("a", s.master());
  }

  @Test
  void shouldWaitForAnOperatorWhenTheBestReplicaWouldLoseMoreThanTheBudget() throws Exception {
    env.down.put(A, true);
    env.spec = env.spec.withDataLossBudget(10);

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertInstanceOf(FailoverOutcome.Aborted.class, outcome);
    assertTrue(env.types().contains(EventType.DATA_LOSS_TOO_HIGH));
    assertEquals(List.of(), env.backend(C).orders);
  }

  @Test
  void shouldIgnoreTheBudgetWhenAnOperatorForcesTheFailover() throws Exception {
    env.down.put(A, true);
    env.spec = env.spec.withDataLossBudget(10);

    FailoverOutcome outcome = run(FailoverKind.FORCED);

    assertEquals(new FailoverOutcome.Completed(C, 6), outcome);
  }

  @Test
  void shouldFinishWithTheCandidateAPredecessorMayHavePromoted() throws Exception {
    env.down.put(A, true);
    env.store.put(shared().claim(6, new Attempt("dead", "node-dead", FailoverKind.FAILOVER,
        "SEND_PROMOTE", "b", "a", true, 1)));

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    // b, not the better c: b may already be a master, and two masters must never coexist
    assertEquals(new FailoverOutcome.Completed(B, 7), outcome);
    assertEquals(List.of("REPLICAOF 7 b"), env.backend(C).orders);
  }

  @Test
  void shouldAbortWhenABackendIsFencedAtANewerEpoch() throws Exception {
    env.down.put(A, true);
    env.backend(C).fence = 9;

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(FailoverState.SEND_PROMOTE, ((FailoverOutcome.Aborted) outcome).state());
    assertEquals(BackendRole.REPLICA, env.backend(C).role);
    assertNull(shared().attempt());
    assertEquals("a", shared().master());
  }

  @Test
  void shouldAbortWhenThePromotionDoesNotHappenInTime() throws Exception {
    env.down.put(A, true);
    env.backend(C).obeysPromote = false;

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(FailoverState.WAIT_PROMOTION, ((FailoverOutcome.Aborted) outcome).state());
    assertEquals("a", shared().master());
    assertEquals(List.of(), env.backend(B).orders);
  }

  @Test
  void shouldStopAsSoonAsItNoLongerLeads() throws Exception {
    env.down.put(A, true);
    env.store.beforeCompareAndSet = () -> env.leading = shared().attempt() == null;

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(FailoverState.SEND_PROMOTE, ((FailoverOutcome.Aborted) outcome).state());
    env.backends.values().forEach(b -> assertEquals(List.of(), b.orders));
    assertNull(shared().attempt());
  }

  @Test
  void shouldNotPromoteWhenTheMajorityDoesNotAnswer() throws Exception {
    env.down.put(A, true);
    env.majorityAnswers = false;

    FailoverOutcome outcome = run(FailoverKind.FAILOVER);

    assertEquals(FailoverState.SEND_PROMOTE, ((FailoverOutcome.Aborted) outcome).state());
    env.backends.values().forEach(b -> assertEquals(List.of(), b.orders));
  }

  @Test
  void shouldWaitOutTheLeaseOfAMemberThatJustLeftBeforePromoting() throws Exception {
    env.down.put(A, true);
    env.lastLoss = System.currentTimeMillis();
    long started = System.nanoTime();

    run(FailoverKind.FAILOVER);

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(tookMillis >= env.spec.lease().toMillis() - 50, "took " + tookMillis + " ms");
  }

  @Test
  void shouldHoldWritesUntilTheReplicaCaughtUpInASwitchover() throws Exception {
    env.backend(C).offset = 990;
    env.backend(C).catchUpPerPoll = 5;

    FailoverOutcome outcome = run(FailoverKind.SWITCHOVER);

    assertEquals(new FailoverOutcome.Completed(C, 7), outcome);
    GroupState held = env.store.history.stream().filter(GroupState::holdWrites).findFirst()
        .orElseThrow();
    assertEquals(6, held.tableEpoch());
    assertEquals(7, held.epoch());
    assertTrue(env.backend(C).offset >= 1000);
    assertEquals(List.of("PAUSE", "REPLICAOF 7 c", "UNPAUSE"), env.backend(A).orders);
    assertEquals(List.of("PROMOTE 7"), env.backend(C).orders);
    GroupState s = shared();
    assertEquals(7, s.tableEpoch());
    assertEquals("c", s.master());
    assertFalse(s.holdWrites());
  }

  @Test
  void shouldRepublishTheOldMasterAboveTheHeldTableWhenASwitchoverFails() throws Exception {
    env.backend(C).offset = 10; // never catches up within the timeout

    FailoverOutcome outcome = run(FailoverKind.SWITCHOVER);

    assertEquals(FailoverState.WAIT_CATCH_UP, ((FailoverOutcome.Aborted) outcome).state());
    GroupState s = shared();
    assertEquals("a", s.master());
    assertFalse(s.holdWrites());
    assertEquals(7, s.tableEpoch(), "above the held table's epoch 6");
    assertTrue(env.backend(A).orders.contains("UNPAUSE"));
    assertEquals(List.of(), env.backend(C).orders);
  }
}
