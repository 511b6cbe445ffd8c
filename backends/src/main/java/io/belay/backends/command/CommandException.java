package io.belay.backends.command;

/**
 * A command's error reply. Thrown before any part of the reply is written; the dispatcher
 * turns it into {@code -<message>}. Carries no stack trace: it is a reply, not a fault.
 */
public final class CommandException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CommandException(String message) {
    super(message, null, false, false);
  }
}
