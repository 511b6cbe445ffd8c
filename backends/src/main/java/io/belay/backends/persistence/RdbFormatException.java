package io.belay.backends.persistence;

import java.io.IOException;

/** An RDB or AOF file that cannot be read as one: says what was wrong and at which byte offset. */
public final class RdbFormatException extends IOException {

  private final long offset;

  public RdbFormatException(String message, long offset) {
    super(message + " (at byte offset " + offset + ")");
    this.offset = offset;
  }

  /** Offset in the file or stream where the problem was found. */
  public long offset() {
    return offset;
  }
}
