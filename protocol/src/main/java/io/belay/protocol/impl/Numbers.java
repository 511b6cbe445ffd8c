package io.belay.protocol.impl;

import java.nio.charset.StandardCharsets;

/** Integer parsing with redis-server's {@code string2ll} rules: no sign but '-', no leading zeros, no spaces. */
public final class Numbers {

  /** Returned for text that is not a valid integer. Callers treat it as out of every range. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final byte[] LONG_MIN_TEXT = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  private Numbers() {
  }

  /** Parses {@code data[from, to)}; {@link #INVALID} if it is not a 64-bit integer ({@code Long.MIN_VALUE} itself included). */
  public static long parseLong(byte[] data, int from, int to) {
    int length = to - from;
    if (length <= 0 || length > 20) {
      return INVALID;
    }
    int i = from;
    boolean negative = false;
    if (data[i] == '-') {
      negative = true;
      i++;
      if (i == to) {
        return INVALID;
      }
    }
    if (data[i] == '0') {
      return i + 1 == to && !negative ? 0 : INVALID;
    }
    long value = 0;
    for (; i < to; i++) {
      int digit = data[i] - '0';
      if (digit < 0 || digit > 9) {
        return INVALID;
      }
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return INVALID;
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  public static long parseLong(byte[] data) {
    return parseLong(data, 0, data.length);
  }

  /**
   * True when {@code data[from, to)} is exactly {@code -9223372036854775808}: valid for
   * Redis, but it reads as {@link #INVALID} from {@link #parseLong}, so callers that accept
   * it (an integer reply, a negative multibulk count) ask.
   */
  public static boolean isLongMinValue(byte[] data, int from, int to) {
    if (to - from != LONG_MIN_TEXT.length) {
      return false;
    }
    for (int i = 0; i < LONG_MIN_TEXT.length; i++) {
      if (data[from + i] != LONG_MIN_TEXT[i]) {
        return false;
      }
    }
    return true;
  }
}
