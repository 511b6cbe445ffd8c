package io.belay.routing;

import static io.belay.routing.TestCommands.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.routing.RoutingDecision.Reason;
import io.belay.routing.RoutingDecision.TransactionStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchClassifierTest {

  private static final RoutingDecision TO_REPLICA = new RoutingDecision.ToReplica();
  private static final RoutingDecision PINNED =
      new RoutingDecision.ToMaster(Reason.BATCH_WITH_WRITE);

  private final BatchClassifier batches = new BatchClassifier(new CommandClassifier());

  private BatchPlan classify(SessionState session, String... lines) {
    List<CommandCall> calls = new ArrayList<>();
    for (String line : lines) {
      byte[][] args = args(line.split(" "));
      calls.add(new CommandCall(TestCommands.resolve(args), args));
    }
    return batches.classify(calls, session);
  }

  @Test
  void shouldPinBatchWithOneWriteToMaster() {
    BatchPlan plan = classify(SessionState.IDLE, "GET a", "SET k v", "GET k", "PING");
    assertEquals(List.of(PINNED, new RoutingDecision.ToMaster(Reason.WRITE), PINNED,
        new RoutingDecision.Local("ping")), plan.decisions());
    assertTrue(plan.pinnedToMaster());
    assertFalse(plan.replicaEligible());
  }

  @Test
  void shouldLetBatchOfReadsGoToReplica() {
    BatchPlan plan = classify(SessionState.IDLE, "GET a", "MGET a b", "PING");
    assertEquals(List.of(TO_REPLICA, TO_REPLICA, new RoutingDecision.Local("ping")),
        plan.decisions());
    assertFalse(plan.pinnedToMaster());
    assertTrue(plan.replicaEligible());
  }

  @Test
  void shouldPinBatchWithUnknownCommandToMaster() {
    List<CommandCall> calls = List.of(
        new CommandCall(TestCommands.resolve(args("GET", "a")), args("GET", "a")),
        new CommandCall(null, args("FROBNICATE")));
    BatchPlan plan = batches.classify(calls, SessionState.IDLE);
    assertEquals(List.of(PINNED, new RoutingDecision.ToMaster(Reason.UNKNOWN_COMMAND)),
        plan.decisions());
  }

  @Test
  void shouldPinBatchWithBlockingCommandToMaster() {
    BatchPlan plan = classify(SessionState.IDLE, "GET a", "BLPOP l 0");
    assertEquals(PINNED, plan.decisions().get(0));
  }

  @Test
  void shouldCarryTransactionStateThroughTheBatch() {
    BatchPlan plan = classify(SessionState.IDLE, "WATCH k", "GET k", "MULTI", "GET k", "EXEC",
        "GET k");
    assertEquals(List.of(
        new RoutingDecision.Transaction(TransactionStep.WATCH),
        new RoutingDecision.ToMaster(Reason.WATCHING),
        new RoutingDecision.Transaction(TransactionStep.MULTI),
        new RoutingDecision.ToMaster(Reason.IN_TRANSACTION),
        new RoutingDecision.Transaction(TransactionStep.EXEC),
        PINNED), plan.decisions());
    assertEquals(SessionState.IDLE, plan.stateAfter());
  }

  @Test
  void shouldReportStateLeftOpenAtTheEndOfTheBatch() {
    BatchPlan plan = classify(SessionState.IDLE, "MULTI", "SET k v");
    assertEquals(new SessionState(true, false), plan.stateAfter());
  }

  @Test
  void shouldClassifyAnEmptyBatch() {
    BatchPlan plan = batches.classify(List.of(), SessionState.IDLE);
    assertEquals(List.of(), plan.decisions());
    assertFalse(plan.pinnedToMaster());
    assertFalse(plan.replicaEligible());
  }
}
