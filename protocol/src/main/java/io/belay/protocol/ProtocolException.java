package io.belay.protocol;

/**
 * A frame that cannot be part of a valid RESP stream. The message is Redis's own wording
 * ({@code "Protocol error: invalid bulk length"}); a server replies {@code -ERR <message>}
 * and closes the connection, because nothing after a malformed frame can be trusted.
 */
public final class ProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message, null, false, false);
  }

  /** The error reply a server sends before closing, without the leading {@code -}. */
  public String errorReply() {
    return "ERR " + getMessage();
  }
}
