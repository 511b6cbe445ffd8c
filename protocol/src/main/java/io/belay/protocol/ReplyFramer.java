package io.belay.protocol;

import io.belay.protocol.impl.Numbers;

/**
 * Incremental framer for what a Redis server replies: finds where each complete top-level reply
 * ends and hands out its bytes, without building a {@link RespValue}. A proxy forwards most
 * replies exactly as the server sent them; it decodes (with {@link ReplyDecoder}) only the few
 * it must look into.
 *
 * <p>It checks what {@link ReplyDecoder} checks about the framing (type markers, lengths and
 * their bounds from {@link DecoderLimits}, the CRLF after a payload, nesting depth, line lengths)
 * and the simple scalars (integers, nulls, booleans, doubles, big numbers, verbatim formats), so
 * malformed input fails here as it would there, whatever the split. An attribute ({@code |})
 * travels with the value it decorates, as one reply.
 *
 * <p>Not thread-safe: one framer per connection.
 */
public final class ReplyFramer {

  /** Receives each complete top-level reply. Must not throw. */
  @FunctionalInterface
  public interface Handler {
    /**
     * @param buf   holds the reply's bytes; valid only during the call (it is reused)
     * @param start the reply's first byte (its type marker)
     * @param end   one past its last byte (the final LF)
     */
    void onReply(byte[] buf, int start, int end);
  }

  private static final int INITIAL_BUFFER = 8 * 1024;
  private static final String MARKERS = "+-:_#,($=!*~>%|";

  private final DecoderLimits limits;
  private final Handler handler;
  /** Elements each open aggregate still expects, outermost first. */
  private final long[] remaining;
  private int depth;

  private byte[] buf = new byte[INITIAL_BUFFER];
  /** Start of the reply being framed. */
  private int start;
  /** Start of the next token to read. */
  private int cursor;
  private int limit;
  /** Bytes after {@code cursor} already searched for the end of the current line. */
  private int scanned;
  private boolean failed;

  public ReplyFramer(DecoderLimits limits, Handler handler) {
    this.limits = limits;
    this.handler = handler;
    this.remaining = new long[limits.maxDepth() + 1];
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(byte[] data, int offset, int length) {
    if (failed) {
      throw new IllegalStateException("framer failed on a protocol error");
    }
    append(data, offset, length);
    try {
      while (cursor < limit && step()) {
        // each step consumes one token (a header, with its payload for strings)
      }
    } catch (ProtocolException e) {
      failed = true;
      throw e;
    }
    if (start == limit) {
      start = 0;
      cursor = 0;
      limit = 0;
      if (buf.length > INITIAL_BUFFER * 8) {
        buf = new byte[INITIAL_BUFFER]; // give back what one large reply needed
      }
    }
  }

  /** True while nothing is half-received. */
  public boolean isIdle() {
    return start == limit;
  }

  private void append(byte[] data, int offset, int length) {
    if (buf.length - limit < length) {
      int live = limit - start;
      byte[] target = buf.length - live >= length && live < buf.length / 2
          ? buf
          : new byte[(int) Math.min(Math.max((long) buf.length * 2, (long) live + length),
              Integer.MAX_VALUE - 8)];
      System.arraycopy(buf, start, target, 0, live);
      buf = target;
      cursor -= start;
      limit = live;
      start = 0;
    }
    System.arraycopy(data, offset, buf, limit, length);
    limit += length;
  }

  /** Consumes one token if it is complete; false when more input is needed. */
  private boolean step() {
    int pos = cursor;
    char marker = (char) (buf[pos] & 0xff);
    if (MARKERS.indexOf(marker) < 0) {
      throw new ProtocolException(
          "Protocol error: unknown reply type '" + printable(marker) + "'");
    }
    boolean status = marker == '+' || marker == '-';
    int cr = lineEnd(pos, status ? limits.maxBulkLength() : limits.maxInlineLength());
    if (cr < 0) {
      return false;
    }
    int lineStart = pos + 1;
    switch (marker) {
      case '+', '-' -> scalar(cr + 2);
      case ':' -> {
        integer(lineStart, cr);
        scalar(cr + 2);
      }
      case '_' -> {
        if (cr != lineStart) {
          throw new ProtocolException("Protocol error: invalid null");
        }
        scalar(cr + 2);
      }
      case '#' -> {
        if (cr != lineStart + 1 || (buf[lineStart] != 't' && buf[lineStart] != 'f')) {
          throw new ProtocolException("Protocol error: invalid boolean");
        }
        scalar(cr + 2);
      }
      case ',' -> {
        checkDouble(lineStart, cr);
        scalar(cr + 2);
      }
      case '(' -> {
        checkBigNumber(lineStart, cr);
        scalar(cr + 2);
      }
      case '$', '=', '!' -> {
        long length = integer(lineStart, cr);
        if (length == -1 && marker == '$') {
          scalar(cr + 2);
          return true;
        }
        if (length < 0 || length > limits.maxBulkLength()) {
          throw new ProtocolException("Protocol error: invalid bulk length");
        }
        int payload = cr + 2;
        if (limit - payload < length + 2) {
          scanned = cr - pos; // the header is known; do not search it again
          return false;
        }
        int end = payload + (int) length;
        if (buf[end] != '\r' || buf[end + 1] != '\n') {
          throw new ProtocolException("Protocol error: bulk payload not followed by CRLF");
        }
        if (marker == '=' && (length < 4 || buf[payload + 3] != ':')) {
          throw new ProtocolException("Protocol error: invalid verbatim string");
        }
        scalar(end + 2);
      }
      case '*', '~', '>', '%', '|' -> {
        long count = integer(lineStart, cr);
        if (count == -1 && marker == '*') {
          scalar(cr + 2);
          return true;
        }
        if (count < 0 || count > limits.maxMultibulkLength()) {
          throw new ProtocolException("Protocol error: invalid multibulk length");
        }
        long elements = marker == '%' || marker == '|' ? count * 2 : count;
        if (elements > Integer.MAX_VALUE - 8) {
          throw new ProtocolException("Protocol error: invalid multibulk length");
        }
        if (depth >= limits.maxDepth()) {
          throw new ProtocolException("Protocol error: reply nesting deeper than " + limits.maxDepth());
        }
        advance(cr + 2);
        if (marker == '|') {
          // The attribute and the value it decorates count as one element of the parent: the
          // attribute's own frame is closed without counting, the value then counts.
          remaining[depth++] = -elements - 1;
          if (elements == 0) {
            closeAttribute();
          }
          return true;
        }
        if (elements == 0) {
          valueDone();
        } else {
          remaining[depth++] = elements;
        }
      }
      default -> throw new ProtocolException(
          "Protocol error: unknown reply type '" + printable(marker) + "'");
    }
    return true;
  }

  private void scalar(int next) {
    advance(next);
    valueDone();
  }

  private void advance(int to) {
    cursor = to;
    scanned = 0;
  }

  /**
   * A value ended at {@code cursor}: counts it in its aggregate, closing every aggregate it
   * completes, and hands out the reply when the outermost one is done. Attribute frames hold
   * their count negated (minus one), so that they are told apart from aggregates.
   */
  private void valueDone() {
    while (depth > 0) {
      long left = remaining[depth - 1];
      if (left < 0) {
        remaining[depth - 1] = left + 1;
        if (left + 1 == -1) {
          closeAttribute();
        }
        return;
      }
      remaining[depth - 1] = left - 1;
      if (left - 1 > 0) {
        return;
      }
      depth--;
    }
    int from = start;
    start = cursor;
    handler.onReply(buf, from, cursor);
  }

  /** An attribute's keys and values are in: the next value, at the same level, is decorated. */
  private void closeAttribute() {
    // Nothing is counted: the decorated value that follows is the element (or, at the top
    // level, the rest of this reply).
    depth--;
  }

  private long integer(int from, int to) {
    long value = Numbers.parseLong(buf, from, to);
    if (value == Numbers.INVALID && !Numbers.isLongMinValue(buf, from, to)) {
      throw new ProtocolException("Protocol error: invalid integer '"
          + new String(buf, from, Math.min(to, from + 32) - from,
              java.nio.charset.StandardCharsets.UTF_8) + "'");
    }
    return value;
  }

  private void checkDouble(int from, int to) {
    String text = new String(buf, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
    if (text.equals("inf") || text.equals("-inf") || text.equals("nan") || text.equals("-nan")) {
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        throw new ProtocolException("Protocol error: invalid double");
      }
    }
    try {
      java.lang.Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ProtocolException("Protocol error: invalid double");
    }
  }

  private void checkBigNumber(int from, int to) {
    int i = from < to && (buf[from] == '-' || buf[from] == '+') ? from + 1 : from;
    if (i == to) {
      throw new ProtocolException("Protocol error: invalid big number");
    }
    for (; i < to; i++) {
      if (buf[i] < '0' || buf[i] > '9') {
        throw new ProtocolException("Protocol error: invalid big number");
      }
    }
  }

  /**
   * Where the CRLF ending the line at {@code pos} starts, or -1 while it has not arrived; a
   * line longer than {@code max} fails whether or not its end has arrived, so the outcome
   * never depends on how the stream was split. Bytes searched are remembered.
   */
  private int lineEnd(int pos, long max) {
    byte[] data = buf;
    int i = pos + Math.max(1, scanned);
    for (int end = limit - 1; i < end; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        if (i - pos - 1 > max) {
          throw new ProtocolException("Protocol error: too big reply line");
        }
        return i;
      }
    }
    scanned = i - pos;
    if (limit - pos - 2 > max) {
      throw new ProtocolException("Protocol error: too big reply line");
    }
    return -1;
  }

  private static String printable(char c) {
    return c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }
}
