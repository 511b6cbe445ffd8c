package io.belay.protocol;

import io.belay.protocol.impl.Numbers;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental decoder for what a Redis server replies: every RESP2 type and the RESP3
 * types (map, set, double, boolean, null, big number, verbatim string, bulk error, push,
 * attribute). Aggregates are assembled on an explicit stack, so a reply split at any byte
 * costs no re-parsing, and nesting is bounded by {@link DecoderLimits#maxDepth()}.
 *
 * <p>Status and error lines may be as long as a bulk string (a script can return a 100 KB
 * error); every other header line is bounded by {@link DecoderLimits#maxInlineLength()}.
 * RESP3 streamed strings and aggregates ({@code $?}) are not accepted: redis-server never
 * sends them.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class ReplyDecoder {

  /** Receives each complete top-level reply, in order. Must not throw. */
  @FunctionalInterface
  public interface Handler {
    void onReply(RespValue reply);
  }

  /** An aggregate still collecting elements. */
  private static final class Frame {
    final char marker;
    final int size;
    final List<RespValue> elements;
    /** For the reply an attribute decorates: the attribute's keys and values. */
    final List<RespValue> attribute;

    Frame(char marker, int size, List<RespValue> attribute) {
      this.marker = marker;
      this.size = size;
      this.elements = new ArrayList<>(Math.min(size, 16));
      this.attribute = attribute;
    }
  }

  private static final String MARKERS = "+-:_#,($=!*~>%|";

  private final Handler handler;
  private final DecoderLimits limits;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();

  private static final int INITIAL_BUFFER = 8 * 1024;

  private byte[] buf = new byte[INITIAL_BUFFER];
  private int pos;
  private int limit;
  /** Bytes after {@code pos} already searched for the end of the current line. */
  private int scanned;
  private boolean failed;

  public ReplyDecoder(DecoderLimits limits, Handler handler) {
    this.limits = limits;
    this.handler = handler;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(byte[] data, int offset, int length) {
    if (failed) {
      throw new IllegalStateException("decoder failed on a protocol error");
    }
    append(data, offset, length);
    try {
      while (pos < limit && step()) {
        // each step consumes one header, or one header with its payload
      }
    } catch (ProtocolException e) {
      failed = true;
      throw e;
    }
    int live = limit - pos;
    if (buf.length > INITIAL_BUFFER * 8 && live <= INITIAL_BUFFER / 2) {
      // give back what one large reply needed
      byte[] small = new byte[INITIAL_BUFFER];
      System.arraycopy(buf, pos, small, 0, live);
      buf = small;
      pos = 0;
      limit = live;
    } else if (live == 0) {
      pos = 0;
      limit = 0;
    }
  }

  /** Bytes received but not yet part of a complete value. */
  public int buffered() {
    return limit - pos;
  }

  /** True while nothing is half-received. */
  public boolean isIdle() {
    return pos == limit && stack.isEmpty();
  }

  private void append(byte[] data, int offset, int length) {
    if (buf.length - limit < length) {
      int live = limit - pos;
      byte[] target = buf.length - live >= length && live < buf.length / 2
          ? buf
          : new byte[(int) Math.min(Math.max((long) buf.length * 2, (long) live + length), Integer.MAX_VALUE - 8)];
      System.arraycopy(buf, pos, target, 0, live);
      buf = target;
      limit = live;
      pos = 0;
    }
    System.arraycopy(data, offset, buf, limit, length);
    limit += length;
  }

  /** Consumes one token if it is complete; false when more input is needed. */
  private boolean step() {
    char marker = (char) (buf[pos] & 0xff);
    if (MARKERS.indexOf(marker) < 0) {
      throw new ProtocolException("Protocol error: unknown reply type '" + printable(marker) + "'");
    }
    int cr = lineEnd(marker == '+' || marker == '-' ? limits.maxBulkLength() : limits.maxInlineLength());
    if (cr < 0) {
      return false;
    }
    int lineStart = pos + 1;
    switch (marker) {
      case '+' -> complete(new RespValue.SimpleString(text(lineStart, cr)), cr + 2);
      case '-' -> complete(new RespValue.Error(text(lineStart, cr)), cr + 2);
      case ':' -> complete(new RespValue.Integer(integer(lineStart, cr)), cr + 2);
      case '_' -> {
        if (cr != lineStart) {
          throw new ProtocolException("Protocol error: invalid null");
        }
        complete(new RespValue.Null('_'), cr + 2);
      }
      case '#' -> {
        if (cr != lineStart + 1 || (buf[lineStart] != 't' && buf[lineStart] != 'f')) {
          throw new ProtocolException("Protocol error: invalid boolean");
        }
        complete(new RespValue.Boolean(buf[lineStart] == 't'), cr + 2);
      }
      case ',' -> complete(new RespValue.Double(parseDouble(text(lineStart, cr))), cr + 2);
      case '(' -> {
        try {
          complete(new RespValue.BigNumber(new BigInteger(text(lineStart, cr))), cr + 2);
        } catch (NumberFormatException e) {
          throw new ProtocolException("Protocol error: invalid big number");
        }
      }
      case '$', '=', '!' -> {
        long length = integer(lineStart, cr);
        if (length == -1 && marker == '$') {
          complete(new RespValue.Null('$'), cr + 2);
          return true;
        }
        if (length < 0 || length > limits.maxBulkLength()) {
          throw new ProtocolException("Protocol error: invalid bulk length");
        }
        int start = cr + 2;
        if (limit - start < length + 2) {
          scanned = cr - pos; // the header is known; do not search it again
          return false;
        }
        int end = start + (int) length;
        if (buf[end] != '\r' || buf[end + 1] != '\n') {
          throw new ProtocolException("Protocol error: bulk payload not followed by CRLF");
        }
        complete(bulk(marker, start, end), end + 2);
      }
      case '*', '~', '>', '%', '|' -> {
        long count = integer(lineStart, cr);
        if (count == -1 && marker == '*') {
          complete(new RespValue.Null('*'), cr + 2);
          return true;
        }
        if (count < 0 || count > limits.maxMultibulkLength()) {
          throw new ProtocolException("Protocol error: invalid multibulk length");
        }
        long elements = marker == '%' || marker == '|' ? count * 2 : count;
        if (elements > Integer.MAX_VALUE - 8) {
          throw new ProtocolException("Protocol error: invalid multibulk length");
        }
        if (stack.size() >= limits.maxDepth()) {
          throw new ProtocolException("Protocol error: reply nesting deeper than " + limits.maxDepth());
        }
        advance(cr + 2);
        stack.push(new Frame(marker, (int) elements, null));
        if (elements == 0) {
          finishFrames(null);
        }
      }
      default -> throw new ProtocolException("Protocol error: unknown reply type '" + printable(marker) + "'");
    }
    return true;
  }

  private RespValue bulk(char marker, int start, int end) {
    return switch (marker) {
      case '$' -> new RespValue.BulkString(Arrays.copyOfRange(buf, start, end));
      case '!' -> new RespValue.BulkError(new String(buf, start, end - start, StandardCharsets.UTF_8));
      default -> {
        if (end - start < 4 || buf[start + 3] != ':') {
          throw new ProtocolException("Protocol error: invalid verbatim string");
        }
        yield new RespValue.Verbatim(new String(buf, start, 3, StandardCharsets.US_ASCII),
            Arrays.copyOfRange(buf, start + 4, end));
      }
    };
  }

  private void complete(RespValue value, int next) {
    advance(next);
    finishFrames(value);
  }

  private void advance(int to) {
    pos = to;
    scanned = 0;
  }

  /** Adds a finished value to its parent, closing every aggregate it completes. */
  private void finishFrames(RespValue value) {
    while (true) {
      Frame top = stack.peek();
      if (value != null) {
        if (top == null) {
          handler.onReply(value);
          return;
        }
        top.elements.add(value);
      }
      if (top == null || top.elements.size() < top.size) {
        return;
      }
      stack.pop();
      value = switch (top.marker) {
        case '%' -> new RespValue.Map(top.elements);
        case '|' -> null;
        case 'A' -> new RespValue.Attribute(top.attribute, top.elements.get(0));
        default -> new RespValue.Array(top.marker, top.elements);
      };
      if (top.marker == '|') {
        // the attribute decorates the next value at this level
        stack.push(new Frame('A', 1, top.elements));
        return;
      }
    }
  }

  private long integer(int from, int to) {
    long value = Numbers.parseLong(buf, from, to);
    if (value == Numbers.INVALID && !Numbers.isLongMinValue(buf, from, to)) {
      throw new ProtocolException("Protocol error: invalid integer '" + text(from, Math.min(to, from + 32)) + "'");
    }
    return value;
  }

  private static double parseDouble(String text) {
    switch (text) {
      case "inf":
        return java.lang.Double.POSITIVE_INFINITY;
      case "-inf":
        return java.lang.Double.NEGATIVE_INFINITY;
      case "nan":
      case "-nan":
        return java.lang.Double.NaN;
      default:
        break;
    }
    // Java would also take "Infinity", "0x1p3", "1d" and surrounding spaces; RESP does not.
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        throw new ProtocolException("Protocol error: invalid double");
      }
    }
    try {
      return java.lang.Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ProtocolException("Protocol error: invalid double");
    }
  }

  private String text(int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * Where the CRLF ending the line at {@code pos} starts, or -1 while it has not arrived; a
   * line longer than {@code max} fails whether or not its end has arrived, so the outcome
   * never depends on how the stream was split. Bytes searched are remembered.
   */
  private int lineEnd(long max) {
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
