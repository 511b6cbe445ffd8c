package io.belay.election.control;

/** A backend refused a control order, or could not be reached to receive it. */
public final class ControlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ControlException(String message) {
    super(message, null, false, false);
  }

  /** Whether the backend refused because the order's epoch is older than its fence. */
  public boolean fenced() {
    return getMessage() != null && getMessage().contains("FENCED");
  }
}
