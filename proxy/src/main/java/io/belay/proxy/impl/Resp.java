package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** RESP helpers for the data path: encoding commands and reading the replies the proxy inspects. */
final class Resp {

  private Resp() {
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[][] command(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = bytes(args[i]);
    }
    return out;
  }

  /** {@code *n\r\n} and {@code $n\r\n} for the counts and lengths most commands have. */
  private static final int CACHED_HEADERS = 512;
  private static final byte[][] ARRAY_HEADERS = headers('*');
  private static final byte[][] BULK_HEADERS = headers('$');

  private static byte[][] headers(char marker) {
    byte[][] headers = new byte[CACHED_HEADERS][];
    for (int i = 0; i < CACHED_HEADERS; i++) {
      headers[i] = (marker + Integer.toString(i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    return headers;
  }

  /** Appends {@code args} as a RESP array of bulk strings, as clients send commands. */
  static void appendCommand(Buffer out, byte[][] args) {
    appendHeader(out, ARRAY_HEADERS, '*', args.length);
    for (byte[] arg : args) {
      appendHeader(out, BULK_HEADERS, '$', arg.length);
      out.appendBytes(arg);
      out.appendByte((byte) '\r').appendByte((byte) '\n');
    }
  }

  private static void appendHeader(Buffer out, byte[][] cache, char marker, int n) {
    if (n < CACHED_HEADERS) {
      out.appendBytes(cache[n]);
    } else {
      out.appendBytes((marker + Integer.toString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * The message of an error reply given as bytes ({@code -ERR ...} or RESP3's {@code !n}), for
   * classifying it; the reply is complete.
   */
  static String errorLine(byte[] buf, int start, int end) {
    int from = start + 1;
    if (buf[start] == '!') {
      while (from < end && buf[from] != '\n') {
        from++;
      }
      from++;
    }
    return new String(buf, from, Math.max(0, end - 2 - from), StandardCharsets.UTF_8);
  }

  static boolean isError(RespValue value) {
    return value instanceof RespValue.Error || value instanceof RespValue.BulkError;
  }

  static String errorMessage(RespValue value) {
    if (value instanceof RespValue.Error e) {
      return e.message();
    }
    if (value instanceof RespValue.BulkError e) {
      return e.message();
    }
    return null;
  }

  /** The elements of an array, set or push reply; {@code null} for anything else. */
  static List<RespValue> elements(RespValue value) {
    return value instanceof RespValue.Array a ? a.elements() : null;
  }

  /** The text of a bulk, simple or verbatim string; {@code null} for anything else. */
  static String text(RespValue value) {
    if (value instanceof RespValue.BulkString b) {
      return b.asString();
    }
    if (value instanceof RespValue.SimpleString s) {
      return s.value();
    }
    if (value instanceof RespValue.Verbatim v) {
      return new String(v.text(), StandardCharsets.UTF_8);
    }
    return null;
  }

  /** The raw bytes of a bulk or simple string, for channel names; {@code null} otherwise. */
  static byte[] raw(RespValue value) {
    if (value instanceof RespValue.BulkString b) {
      return b.value();
    }
    if (value instanceof RespValue.SimpleString s) {
      return bytes(s.value());
    }
    return null;
  }

  static long integer(RespValue value, long otherwise) {
    return value instanceof RespValue.Integer i ? i.value() : otherwise;
  }

  /** Whether an argument equals an ASCII word, ignoring case. */
  static boolean is(byte[] arg, String word) {
    if (arg.length != word.length()) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      int a = arg[i] >= 'A' && arg[i] <= 'Z' ? arg[i] + 32 : arg[i];
      int b = Character.toLowerCase(word.charAt(i));
      if (a != b) {
        return false;
      }
    }
    return true;
  }

  /** Parses a decimal argument as Redis's {@code string2ll} would; {@code null} if not one. */
  static Long parseLong(byte[] arg) {
    if (arg.length == 0 || arg.length > 20) {
      return null;
    }
    try {
      String s = new String(arg, StandardCharsets.US_ASCII);
      if (s.startsWith("+") || (s.length() > 1 && s.startsWith("0"))
          || (s.startsWith("-0"))) {
        return null;
      }
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
