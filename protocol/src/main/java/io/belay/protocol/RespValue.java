package io.belay.protocol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply a Redis server sends, RESP2 or RESP3. Aggregates hold their elements in order;
 * a map or attribute holds keys and values interleaved, as they are on the wire.
 */
public sealed interface RespValue {

  /** The RESP type byte that introduces this value. */
  char marker();

  /** {@code +OK} */
  record SimpleString(String value) implements RespValue {
    public char marker() {
      return '+';
    }
  }

  /** {@code -ERR message}; {@link #code()} is the first word, as clients classify errors by it. */
  record Error(String message) implements RespValue {
    public char marker() {
      return '-';
    }

    public String code() {
      int space = message.indexOf(' ');
      return space < 0 ? message : message.substring(0, space);
    }
  }

  /** {@code :42} */
  record Integer(long value) implements RespValue {
    public char marker() {
      return ':';
    }
  }

  /** {@code $3\r\nfoo}; binary safe. */
  record BulkString(byte[] value) implements RespValue {
    public char marker() {
      return '$';
    }

    public String asString() {
      return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "BulkString[" + asString() + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BulkString other && java.util.Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(value);
    }
  }

  /** RESP2's null bulk ({@code $-1}) and null array ({@code *-1}), and RESP3's {@code _}. */
  record Null(char marker) implements RespValue {
  }

  /** {@code *n}; also RESP3 set ({@code ~}) and push ({@code >}), told apart by the marker. */
  record Array(char marker, List<RespValue> elements) implements RespValue {
    public Array(List<RespValue> elements) {
      this('*', elements);
    }
  }

  /** RESP3 {@code %n}: {@code 2n} elements, key then value. */
  record Map(List<RespValue> keysAndValues) implements RespValue {
    public char marker() {
      return '%';
    }

    public int size() {
      return keysAndValues.size() / 2;
    }
  }

  /** RESP3 {@code |n}: out-of-band attributes, and the reply they decorate. */
  record Attribute(List<RespValue> keysAndValues, RespValue value) implements RespValue {
    public char marker() {
      return '|';
    }
  }

  /** RESP3 {@code ,3.14}, including {@code inf}, {@code -inf} and {@code nan}. */
  record Double(double value) implements RespValue {
    public char marker() {
      return ',';
    }
  }

  /** RESP3 {@code #t} / {@code #f}. */
  record Boolean(boolean value) implements RespValue {
    public char marker() {
      return '#';
    }
  }

  /** RESP3 {@code (12345678901234567890}. */
  record BigNumber(BigInteger value) implements RespValue {
    public char marker() {
      return '(';
    }
  }

  /** RESP3 {@code =15\r\ntxt:Some string}: a three-letter format and the text. */
  record Verbatim(String format, byte[] text) implements RespValue {
    public char marker() {
      return '=';
    }

    @Override
    public String toString() {
      return "Verbatim[" + format + ":" + new String(text, StandardCharsets.UTF_8) + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Verbatim other && format.equals(other.format) && java.util.Arrays.equals(text, other.text);
    }

    @Override
    public int hashCode() {
      return 31 * format.hashCode() + java.util.Arrays.hashCode(text);
    }
  }

  /** RESP3 {@code !21\r\nSYNTAX invalid syntax}. */
  record BulkError(String message) implements RespValue {
    public char marker() {
      return '!';
    }
  }

  static RespValue ok() {
    return new SimpleString("OK");
  }

  static RespValue bulk(String s) {
    return new BulkString(s.getBytes(StandardCharsets.UTF_8));
  }
}
