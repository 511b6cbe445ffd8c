package io.belay.protocol.impl;

/** Integer parsing with redis-server's {@code string2ll} rules: no sign but '-', no leading zeros, no spaces. */
public final class Numbers {

  /** Returned for text that is not a valid integer. Callers treat it as out of every range. */
  public static final long INVALID = Long.MIN_VALUE;

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
}
