package io.belay.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes replies (and commands) into a growable byte buffer, speaking RESP2 or RESP3.
 * Types RESP2 lacks are written the way redis-server degrades them: a map becomes a flat
 * array, a double a bulk string, a boolean an integer, a null {@code $-1} or {@code *-1}.
 *
 * <p>One writer per connection; {@link #drain()} hands the bytes to the socket.
 */
public final class RespWriter {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[][] SMALL_INTEGERS = new byte[10_000][];
  private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int i = 0; i < SMALL_INTEGERS.length; i++) {
      SMALL_INTEGERS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  private byte[] buf;
  private int size;
  private int protocol = 2;

  public RespWriter() {
    this(1024);
  }

  public RespWriter(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  /** 2 or 3, as negotiated with {@code HELLO}. */
  public void setProtocol(int protocol) {
    this.protocol = protocol;
  }

  public int protocol() {
    return protocol;
  }

  public boolean resp3() {
    return protocol >= 3;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The encoded bytes so far, and a fresh start. */
  public byte[] drain() {
    byte[] out = Arrays.copyOf(buf, size);
    size = 0;
    return out;
  }

  /** Discards everything written after {@code mark}, a value of {@link #size()} taken earlier. */
  public void truncate(int mark) {
    size = mark;
  }

  public byte[] buffer() {
    return buf;
  }

  public void reset() {
    size = 0;
  }

  public RespWriter ok() {
    return raw(OK);
  }

  /** A status line; like Redis, newlines in it become spaces so the stream stays in sync. */
  public RespWriter simpleString(String s) {
    return line('+', s);
  }

  /** {@code message} without the leading dash, e.g. {@code "ERR syntax error"}; newlines become spaces. */
  public RespWriter error(String message) {
    return line('-', message);
  }

  /** A RESP3 bulk error ({@code !}); a plain error line in RESP2. */
  public RespWriter bulkError(String message) {
    if (!resp3()) {
      return error(message);
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    header('!', bytes.length);
    return raw(bytes).crlf();
  }

  private RespWriter line(char marker, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ensure(bytes.length + 3);
    buf[size++] = (byte) marker;
    for (byte b : bytes) {
      buf[size++] = b == '\r' || b == '\n' ? (byte) ' ' : b;
    }
    return crlf();
  }

  public RespWriter integer(long value) {
    return header(':', value);
  }

  public RespWriter bulk(byte[] value) {
    if (value == null) {
      return nullBulk();
    }
    return bulk(value, 0, value.length);
  }

  public RespWriter bulk(byte[] value, int offset, int length) {
    header('$', length);
    ensure(length + 2);
    System.arraycopy(value, offset, buf, size, length);
    size += length;
    return crlf();
  }

  public RespWriter bulk(String value) {
    return value == null ? nullBulk() : bulk(value.getBytes(StandardCharsets.UTF_8));
  }

  public RespWriter bulk(long value) {
    return bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
  }

  public RespWriter nullBulk() {
    return raw(resp3() ? NULL3 : NULL_BULK);
  }

  public RespWriter nullArray() {
    return raw(resp3() ? NULL3 : NULL_ARRAY);
  }

  public RespWriter arrayHeader(int count) {
    return header('*', count);
  }

  public RespWriter array(List<byte[]> elements) {
    arrayHeader(elements.size());
    for (byte[] e : elements) {
      bulk(e);
    }
    return this;
  }

  /** A map of {@code pairs} entries: {@code %n} in RESP3, {@code *2n} in RESP2. */
  public RespWriter mapHeader(int pairs) {
    return resp3() ? header('%', pairs) : header('*', pairs * 2L);
  }

  public RespWriter setHeader(int count) {
    return header(resp3() ? '~' : '*', count);
  }

  public RespWriter pushHeader(int count) {
    return header(resp3() ? '>' : '*', count);
  }

  /** A double already formatted as Redis formats it; a bulk string in RESP2. */
  public RespWriter doubleValue(String formatted) {
    if (resp3()) {
      ensure(formatted.length() + 3);
      buf[size++] = ',';
      ascii(formatted);
      return crlf();
    }
    return bulk(formatted.getBytes(StandardCharsets.US_ASCII));
  }

  public RespWriter bool(boolean value) {
    if (resp3()) {
      return raw(value ? "#t\r\n".getBytes(StandardCharsets.US_ASCII) : "#f\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return integer(value ? 1 : 0);
  }

  /** RESP3 verbatim text with its three-letter {@code format} ({@code txt}, {@code mkd}); a bulk string in RESP2. */
  public RespWriter verbatim(String format, byte[] text) {
    if (!isVerbatimFormat(format)) {
      throw new IllegalArgumentException("a verbatim format is three ASCII characters: '" + format + "'");
    }
    if (!resp3()) {
      return bulk(text);
    }
    header('=', text.length + 4L);
    ensure(text.length + 6);
    ascii(format);
    buf[size++] = ':';
    System.arraycopy(text, 0, buf, size, text.length);
    size += text.length;
    return crlf();
  }

  public RespWriter bigNumber(String digits) {
    if (!resp3()) {
      return bulk(digits);
    }
    ensure(digits.length() + 3);
    buf[size++] = '(';
    ascii(digits);
    return crlf();
  }

  /** A request as clients send it: an array of bulk strings. */
  public RespWriter command(byte[]... args) {
    arrayHeader(args.length);
    for (byte[] a : args) {
      bulk(a);
    }
    return this;
  }

  public RespWriter command(String... args) {
    arrayHeader(args.length);
    for (String a : args) {
      bulk(a);
    }
    return this;
  }

  /** Writes a decoded value back in this writer's protocol. */
  public RespWriter value(RespValue value) {
    if (value instanceof RespValue.SimpleString s) {
      simpleString(s.value());
    } else if (value instanceof RespValue.Error e) {
      error(e.message());
    } else if (value instanceof RespValue.BulkError e) {
      bulkError(e.message());
    } else if (value instanceof RespValue.Integer i) {
      integer(i.value());
    } else if (value instanceof RespValue.BulkString b) {
      bulk(b.value());
    } else if (value instanceof RespValue.Null n) {
      if (n.marker() == '*') {
        nullArray();
      } else {
        nullBulk();
      }
    } else if (value instanceof RespValue.Array a) {
      switch (a.marker()) {
        case '~' -> setHeader(a.elements().size());
        case '>' -> pushHeader(a.elements().size());
        default -> arrayHeader(a.elements().size());
      }
      a.elements().forEach(this::value);
    } else if (value instanceof RespValue.Map m) {
      mapHeader(m.size());
      m.keysAndValues().forEach(this::value);
    } else if (value instanceof RespValue.Attribute a) {
      if (resp3()) {
        header('|', a.keysAndValues().size() / 2);
        a.keysAndValues().forEach(this::value);
      }
      value(a.value());
    } else if (value instanceof RespValue.Double d) {
      doubleValue(formatDouble(d.value()));
    } else if (value instanceof RespValue.Boolean b) {
      bool(b.value());
    } else if (value instanceof RespValue.BigNumber n) {
      bigNumber(n.value().toString());
    } else if (value instanceof RespValue.Verbatim v) {
      verbatim(v.format(), v.text());
    }
    return this;
  }

  public RespWriter raw(byte[] bytes) {
    return raw(bytes, 0, bytes.length);
  }

  public RespWriter raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
    return this;
  }

  private static String formatDouble(double d) {
    if (java.lang.Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (java.lang.Double.isNaN(d)) {
      return "nan";
    }
    if (d == 0 && 1 / d < 0) {
      return "-0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e17) {
      return Long.toString((long) d);
    }
    return java.lang.Double.toString(d);
  }

  private RespWriter header(char marker, long value) {
    ensure(24);
    buf[size++] = (byte) marker;
    if (value >= 0 && value < SMALL_INTEGERS.length) {
      byte[] digits = SMALL_INTEGERS[(int) value];
      System.arraycopy(digits, 0, buf, size, digits.length);
      size += digits.length;
    } else {
      ascii(Long.toString(value));
    }
    buf[size++] = '\r';
    buf[size++] = '\n';
    return this;
  }

  private static boolean isVerbatimFormat(String format) {
    if (format.length() != 3) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      char c = format.charAt(i);
      if (c < 0x21 || c >= 0x7f || c == ':') {
        return false;
      }
    }
    return true;
  }

  /** Text that is ASCII in practice (numbers, formats); anything else is written as UTF-8. */
  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    int start = size;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        size = start;
        raw(s.getBytes(StandardCharsets.UTF_8));
        return;
      }
      buf[size++] = (byte) c;
    }
  }

  private RespWriter crlf() {
    ensure(2);
    buf[size++] = CRLF[0];
    buf[size++] = CRLF[1];
    return this;
  }

  private void ensure(int extra) {
    if (buf.length - size < extra) {
      long wanted = Math.max((long) buf.length * 2, (long) size + extra);
      buf = Arrays.copyOf(buf, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
    }
  }
}
