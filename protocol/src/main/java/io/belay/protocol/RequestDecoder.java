package io.belay.protocol;

import io.belay.protocol.impl.InlineSplitter;
import io.belay.protocol.impl.Numbers;
import java.util.Arrays;

/**
 * Incremental decoder for what clients send a Redis server: arrays of bulk strings and
 * inline commands, exactly as redis-server's {@code processMultibulkBuffer} and
 * {@code processInlineBuffer} accept them.
 *
 * <p>Bytes may arrive in any split; complete commands are handed to the {@link Handler} in
 * order, each as its arguments. Memory held is bounded by what the peer actually sent:
 * declared lengths are checked against {@link DecoderLimits} before anything is reserved,
 * and nothing is preallocated from a declared length. A malformed frame throws
 * {@link ProtocolException}; the decoder is then unusable, as the connection should be.
 *
 * <p>Two details follow redis-server to the byte. Its line search is {@code strchr}, so a NUL
 * byte before the end of an inline command or a length line hides the end of the line: the
 * request waits, and fails once more than 64 KB are buffered. And the 64 KB line limit is
 * applied as redis-server applies it when bytes arrive one at a time (a line longer than
 * the limit fails even if its end arrived in the same read), so the outcome never depends
 * on how the stream was split.
 *
 * <p>Not thread-safe: one decoder per connection, driven from its event loop.
 */
public final class RequestDecoder {

  /** Receives each complete command. Must not throw. */
  @FunctionalInterface
  public interface Handler {
    void onCommand(byte[][] args);
  }

  private static final int INITIAL_BUFFER = 16 * 1024;
  private static final int INITIAL_ARGS = 8;

  private final Handler handler;
  private final DecoderLimits limits;
  private boolean authenticated = true;

  private byte[] buf = new byte[INITIAL_BUFFER];
  private int pos;
  private int limit;

  /** Elements the current multibulk still expects; 0 between commands. */
  private int expected;
  private byte[][] args;
  private int argCount;
  /** Length of the bulk whose header has been read, or -1. */
  private long bulkLength = -1;
  /** Bytes after {@code pos} already searched for the end of the current line. */
  private int scanned;

  private boolean paused;
  private boolean failed;

  public RequestDecoder(DecoderLimits limits, Handler handler) {
    this.limits = limits;
    this.handler = handler;
  }

  /**
   * Applies Redis's tighter limits to a client that must still authenticate: at most 10
   * arguments and 16 KB per argument until {@code AUTH} succeeds.
   */
  public void setAuthenticated(boolean authenticated) {
    this.authenticated = authenticated;
  }

  /** Stops handing out commands (a blocked client); bytes keep being buffered. */
  public void pause() {
    paused = true;
  }

  /** Hands out the commands buffered while paused, then continues with new input. */
  public void resume() {
    if (paused) {
      paused = false;
      decode();
    }
  }

  public boolean isPaused() {
    return paused;
  }

  /** Bytes received but not yet part of a complete command. */
  public int buffered() {
    return limit - pos;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(byte[] data, int offset, int length) {
    if (failed) {
      throw new IllegalStateException("decoder failed on a protocol error");
    }
    append(data, offset, length);
    decode();
  }

  private void append(byte[] data, int offset, int length) {
    if (buf.length - limit < length) {
      int live = limit - pos;
      if (pos > 0 && buf.length - live >= length && live < buf.length / 2) {
        System.arraycopy(buf, pos, buf, 0, live);
      } else {
        long wanted = Math.max((long) buf.length * 2, (long) live + length);
        byte[] grown = new byte[(int) Math.min(wanted, Integer.MAX_VALUE - 8)];
        System.arraycopy(buf, pos, grown, 0, live);
        buf = grown;
      }
      limit = live;
      pos = 0;
    }
    System.arraycopy(data, offset, buf, limit, length);
    limit += length;
  }

  private void decode() {
    try {
      while (!paused && pos < limit) {
        if (expected == 0) {
          boolean progressed = buf[pos] == '*' ? readMultibulkHeader() : readInline();
          if (!progressed) {
            break;
          }
          if (expected == 0) {
            continue; // an empty command or an empty inline line: nothing to hand out
          }
        }
        if (!readBulks()) {
          break;
        }
        byte[][] command = argCount == args.length ? args : Arrays.copyOf(args, argCount);
        expected = 0;
        args = null;
        argCount = 0;
        handler.onCommand(command);
      }
    } catch (ProtocolException e) {
      failed = true;
      throw e;
    }
    int live = limit - pos;
    if (buf.length > INITIAL_BUFFER * 4 && live <= INITIAL_BUFFER / 2 && bulkLength < INITIAL_BUFFER / 2) {
      // give back what one large command needed
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

  private void advance(int to) {
    pos = to;
    scanned = 0;
  }

  private boolean readMultibulkHeader() {
    int cr = lineEnd((byte) '\r', 1, "Protocol error: too big mbulk count string");
    if (cr < 0 || cr + 1 >= limit) {
      return false; // no '\r' yet, or the byte after it has not arrived
    }
    long count = Numbers.parseLong(buf, pos + 1, cr);
    if (count == Numbers.INVALID && Numbers.isLongMinValue(buf, pos + 1, cr)) {
      count = -1; // as negative as any other count: an empty request
    }
    if (count == Numbers.INVALID || count > limits.maxMultibulkLength()) {
      throw new ProtocolException("Protocol error: invalid multibulk length");
    }
    if (count > DecoderLimits.UNAUTHENTICATED_MAX_MULTIBULK_LENGTH && !authenticated) {
      throw new ProtocolException("Protocol error: unauthenticated multibulk length");
    }
    advance(cr + 2);
    if (count <= 0) {
      return true;
    }
    expected = (int) count;
    args = new byte[Math.min(expected, INITIAL_ARGS)][];
    argCount = 0;
    return true;
  }

  private boolean readBulks() {
    while (argCount < expected) {
      if (bulkLength < 0) {
        if (pos >= limit) {
          return false;
        }
        int cr = lineEnd((byte) '\r', 0, "Protocol error: too big bulk count string");
        if (cr < 0 || cr + 1 >= limit) {
          return false;
        }
        if (buf[pos] != '$') {
          throw new ProtocolException("Protocol error: expected '$', got '" + printable(buf[pos]) + "'");
        }
        long length = Numbers.parseLong(buf, pos + 1, cr);
        if (length == Numbers.INVALID || length < 0 || length > limits.maxBulkLength()) {
          throw new ProtocolException("Protocol error: invalid bulk length");
        }
        if (length > DecoderLimits.UNAUTHENTICATED_MAX_BULK_LENGTH && !authenticated) {
          throw new ProtocolException("Protocol error: unauthenticated bulk length");
        }
        advance(cr + 2);
        bulkLength = length;
      }
      if (limit - pos < bulkLength + 2) {
        return false;
      }
      if (argCount == args.length) {
        args = Arrays.copyOf(args, (int) Math.min(expected, args.length * 2L));
      }
      int length = (int) bulkLength;
      args[argCount++] = Arrays.copyOfRange(buf, pos, pos + length);
      // Like redis-server, the two bytes after the payload are skipped, not inspected.
      advance(pos + length + 2);
      bulkLength = -1;
    }
    return true;
  }

  private boolean readInline() {
    int nl = lineEnd((byte) '\n', 0, "Protocol error: too big inline request");
    if (nl < 0) {
      return false;
    }
    int end = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
    byte[][] inline = InlineSplitter.split(buf, pos, end);
    if (inline == null) {
      throw new ProtocolException("Protocol error: unbalanced quotes in request");
    }
    advance(nl + 1);
    if (inline.length > 0) {
      expected = inline.length;
      args = inline;
      argCount = inline.length;
    }
    return true;
  }

  /**
   * Where the line at {@code pos} ends ({@code terminator} searched from {@code pos + skip}),
   * or -1 while it has not arrived. Like {@code strchr}, the search stops at a NUL byte. A
   * line that has grown past the inline limit fails with {@code tooBig}. Bytes searched are
   * remembered, so a line trickling in byte by byte is searched once.
   */
  private int lineEnd(byte terminator, int skip, String tooBig) {
    byte[] data = buf;
    int i = pos + Math.max(skip, scanned);
    int end = limit;
    for (; i < end; i++) {
      byte b = data[i];
      if (b == terminator) {
        if (i - pos > limits.maxInlineLength()) {
          throw new ProtocolException(tooBig);
        }
        return i;
      }
      if (b == 0) {
        break; // the line's end is hidden for good; only the limit ends the wait
      }
    }
    scanned = i - pos;
    if (limit - pos > limits.maxInlineLength()) {
      throw new ProtocolException(tooBig);
    }
    return -1;
  }

  /** The byte as redis-server prints it with {@code %c} in an error line it then sanitizes. */
  private static String printable(byte b) {
    return b == '\r' || b == '\n' ? " " : String.valueOf((char) (b & 0xff));
  }
}
