package io.belay.ops.config;

import java.util.Locale;

/**
 * A number of bytes written the way redis.conf writes memory sizes: a bare number is bytes,
 * {@code k}/{@code m}/{@code g} are powers of 1000 and {@code kb}/{@code mb}/{@code gb} powers
 * of 1024, in any case. Users copy these values from redis.conf, so the units mean the same.
 */
public record ByteSize(long bytes) {

  public static final ByteSize ZERO = new ByteSize(0);

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
    }
  }

  public static ByteSize parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    int unitAt = 0;
    while (unitAt < value.length() && Character.isDigit(value.charAt(unitAt))) {
      unitAt++;
    }
    long multiplier = multiplier(value.substring(unitAt));
    if (unitAt == 0 || unitAt > 18 || multiplier == 0) {
      throw bad(text);
    }
    try {
      return new ByteSize(Math.multiplyExact(Long.parseLong(value.substring(0, unitAt)), multiplier));
    } catch (ArithmeticException e) {
      throw bad(text);
    }
  }

  private static long multiplier(String unit) {
    switch (unit) {
      case "":
      case "b":
        return 1;
      case "k":
        return 1000L;
      case "kb":
        return 1024L;
      case "m":
        return 1000L * 1000;
      case "mb":
        return 1024L * 1024;
      case "g":
        return 1000L * 1000 * 1000;
      case "gb":
        return 1024L * 1024 * 1024;
      default:
        return 0;
    }
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(Values.quote(text)
        + " is not a size (bytes, or a whole number with a unit: k, kb, m, mb, g, gb; e.g. 100mb)");
  }
}
