package io.belay.backends.command;

import java.nio.charset.StandardCharsets;

/** Argument parsing with Redis's rules and error replies. */
public final class Args {

  private Args() {
  }

  /** True if {@code arg} spells {@code word} ignoring ASCII case; {@code word} must be lower case. */
  public static boolean is(byte[] arg, String word) {
    int n = word.length();
    if (arg.length != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int c = arg[i];
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  public static String str(byte[] arg) {
    return new String(arg, StandardCharsets.UTF_8);
  }

  public static String lower(byte[] arg) {
    return str(arg).toLowerCase(java.util.Locale.ROOT);
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A 64-bit integer as Redis's {@code string2ll} accepts it, or {@code -ERR value is not an integer}. */
  public static long toLong(byte[] arg) {
    long[] out = new long[1];
    if (!parseLong(arg, out)) {
      throw Errors.notInteger();
    }
    return out[0];
  }

  /** Like {@link #toLong} with a custom error reply. */
  public static long toLong(byte[] arg, String error) {
    long[] out = new long[1];
    if (!parseLong(arg, out)) {
      throw new CommandException(error);
    }
    return out[0];
  }

  /** An int-sized integer (for counts and indexes clamped elsewhere). */
  public static int toInt(byte[] arg) {
    long v = toLong(arg);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw Errors.notInteger();
    }
    return (int) v;
  }

  /** Parses with string2ll's rules; true on success. Covers the full 64-bit range. */
  public static boolean parseLong(byte[] s, long[] out) {
    int len = s.length;
    if (len == 0 || len > 20) {
      return false;
    }
    if (len == 1 && s[0] == '0') {
      out[0] = 0;
      return true;
    }
    int i = 0;
    boolean negative = false;
    if (s[0] == '-') {
      negative = true;
      i = 1;
      if (len == 1) {
        return false;
      }
    }
    if (s[i] < '1' || s[i] > '9') {
      return false;
    }
    long v = 0; // accumulate negatively so Long.MIN_VALUE fits
    for (; i < len; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (v < (Long.MIN_VALUE + d) / 10) {
        return false;
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return false;
      }
      v = -v;
    }
    out[0] = v;
    return true;
  }

  /** A double as Redis's {@code getDoubleFromObject} accepts it: no spaces, no NaN, "inf" allowed. */
  public static double toDouble(byte[] arg) {
    return toDouble(arg, Errors.NOT_FLOAT);
  }

  public static double toDouble(byte[] arg, String error) {
    Double d = parseDouble(arg);
    if (d == null) {
      throw new CommandException(error);
    }
    return d;
  }

  /** The double, or null when Redis would reject it. */
  public static Double parseDouble(byte[] arg) {
    if (arg.length == 0 || arg.length > 5000) {
      return null;
    }
    String s = new String(arg, StandardCharsets.ISO_8859_1);
    if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return null;
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
      }
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '-' || c == '+' || c == 'x' || c == 'p'
          || (c >= 'a' && c <= 'f');
      if (!ok) {
        return null;
      }
    }
    try {
      double d = lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")
          ? Double.parseDouble(lower.contains("p") ? lower : lower + "p0")
          : Double.parseDouble(lower);
      return Double.isNaN(d) ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Formats a double as Redis 7.0 replies with it: C's {@code %.17g}, seventeen significant
   * digits of the exact binary value ({@code 0.1} is {@code 0.10000000000000001}). Java's own
   * {@code %.17g} pads the shortest repr with zeros instead, so the digits come from the
   * exact decimal expansion, rounded half to even as glibc rounds it.
   */
  public static String formatDouble(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    java.math.BigDecimal r = new java.math.BigDecimal(d).round(new java.math.MathContext(17,
        java.math.RoundingMode.HALF_EVEN));
    int exponent = r.precision() - r.scale() - 1;
    String digits = r.unscaledValue().abs().toString();
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    StringBuilder sb = new StringBuilder(26);
    if (d < 0) {
      sb.append('-');
    }
    if (exponent < -4 || exponent >= 17) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int abs = Math.abs(exponent);
      sb.append(exponent < 0 ? "e-" : "e+").append(abs < 10 ? "0" : "").append(abs);
    } else if (exponent < 0) {
      sb.append("0.");
      sb.append("0".repeat(-exponent - 1)).append(digits);
    } else if (digits.length() <= exponent + 1) {
      sb.append(digits).append("0".repeat(exponent + 1 - digits.length()));
    } else {
      sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
    }
    return sb.toString();
  }

  /** Formats as {@code %.17Lg} for INCRBYFLOAT-style human output (no trailing zeros, no exponent for humans). */
  public static String formatHumanDouble(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    java.math.BigDecimal bd = new java.math.BigDecimal(d).round(new java.math.MathContext(17));
    String s = bd.stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }
}
