package io.belay.routing;

/**
 * The part of a client session that classification depends on. An immutable value: the proxy
 * keeps the current one per session and replaces it as commands are answered.
 *
 * @param inMulti  MULTI was accepted and neither EXEC nor DISCARD has run since
 * @param watching WATCH was accepted and no EXEC, DISCARD, UNWATCH or RESET has run since
 */
public record SessionState(boolean inMulti, boolean watching) {

  /** A new connection, or one after RESET. */
  public static final SessionState IDLE = new SessionState(false, false);

  /**
   * The state after {@code decision} succeeds, as Redis would leave it: MULTI enters a
   * transaction (a nested MULTI is an error and changes nothing), EXEC and DISCARD end it and
   * unwatch, WATCH outside MULTI starts watching, UNWATCH outside MULTI stops, RESET clears all.
   *
   * <p>This predicts; the proxy should still correct the state from replies when a step fails
   * for another reason (an ACL refusal, a lost connection).
   */
  public SessionState after(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Transaction transaction) {
      return switch (transaction.step()) {
        case MULTI -> inMulti ? this : new SessionState(true, watching);
        case EXEC, DISCARD -> inMulti ? IDLE : this;
        case WATCH -> inMulti ? this : new SessionState(false, true);
        case UNWATCH -> inMulti ? this : IDLE;
      };
    }
    if (decision instanceof RoutingDecision.Local local && local.command().equals("reset")) {
      return IDLE;
    }
    return this;
  }
}
