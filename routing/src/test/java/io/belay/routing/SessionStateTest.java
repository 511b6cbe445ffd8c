package io.belay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.routing.RoutingDecision.Reason;
import io.belay.routing.RoutingDecision.TransactionStep;
import org.junit.jupiter.api.Test;

class SessionStateTest {

  private static final SessionState IN_MULTI = new SessionState(true, false);
  private static final SessionState WATCHING = new SessionState(false, true);
  private static final SessionState WATCHING_IN_MULTI = new SessionState(true, true);

  private static RoutingDecision step(TransactionStep step) {
    return new RoutingDecision.Transaction(step);
  }

  @Test
  void shouldEnterMultiAndKeepWatches() {
    assertEquals(IN_MULTI, SessionState.IDLE.after(step(TransactionStep.MULTI)));
    assertEquals(WATCHING_IN_MULTI, WATCHING.after(step(TransactionStep.MULTI)));
  }

  @Test
  void shouldLeaveStateAloneOnNestedMulti() {
    assertEquals(IN_MULTI, IN_MULTI.after(step(TransactionStep.MULTI)));
  }

  @Test
  void shouldEndTransactionAndUnwatchOnExecAndDiscard() {
    assertEquals(SessionState.IDLE, WATCHING_IN_MULTI.after(step(TransactionStep.EXEC)));
    assertEquals(SessionState.IDLE, WATCHING_IN_MULTI.after(step(TransactionStep.DISCARD)));
  }

  @Test
  void shouldKeepWatchesWhenExecComesWithoutMulti() {
    assertEquals(WATCHING, WATCHING.after(step(TransactionStep.EXEC)));
  }

  @Test
  void shouldWatchOnlyOutsideMulti() {
    assertEquals(WATCHING, SessionState.IDLE.after(step(TransactionStep.WATCH)));
    assertEquals(IN_MULTI, IN_MULTI.after(step(TransactionStep.WATCH)));
  }

  @Test
  void shouldUnwatchOutsideMulti() {
    assertEquals(SessionState.IDLE, WATCHING.after(step(TransactionStep.UNWATCH)));
  }

  @Test
  void shouldClearEverythingOnReset() {
    assertEquals(SessionState.IDLE, WATCHING_IN_MULTI.after(new RoutingDecision.Local("reset")));
  }

  @Test
  void shouldIgnoreOtherCommands() {
    assertEquals(WATCHING, WATCHING.after(new RoutingDecision.ToMaster(Reason.WRITE)));
    assertEquals(WATCHING, WATCHING.after(new RoutingDecision.Local("ping")));
    assertEquals(IN_MULTI, IN_MULTI.after(new RoutingDecision.ToReplica()));
  }
}
