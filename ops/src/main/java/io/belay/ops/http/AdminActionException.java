package io.belay.ops.http;

import java.util.Objects;

/**
 * An admin action the node refused, with a reason the API maps to an HTTP status. The
 * message is shown to the operator as it is, so it says what to do, e.g. "failover of
 * mymaster already in progress (epoch 7)".
 */
public final class AdminActionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public AdminActionException(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  /** Why an action was refused. */
  public enum Reason {
    /** The group is not configured on this node. */
    UNKNOWN_GROUP(404),
    /** The group's state forbids it now: a failover in progress, no eligible replica. */
    CONFLICT(409),
    /** This node may not act now: it is outside the majority, or no leader is known. */
    UNAVAILABLE(503);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }
}
