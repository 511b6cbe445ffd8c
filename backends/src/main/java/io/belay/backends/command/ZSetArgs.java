package io.belay.backends.command;

import io.belay.backends.engine.RZSet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Number and range arguments of the sorted-set commands (and SORT's numeric scores), read
 * exactly as redis-server reads them with C's {@code strtod}: leading blanks, hex floats,
 * "inf", an empty string meaning 0 in a range, and the overflow checks of each caller.
 */
final class ZSetArgs {

  /** What {@code strtod} made of a string: the value, the bytes it used, and errno == ERANGE. */
  record Parsed(double value, int used, boolean outOfRange) {
  }

  private ZSetArgs() {
  }

  /** A score as {@code getDoubleFromObject} accepts it, or {@code -ERR value is not a valid float}. */
  static double score(byte[] arg) {
    return score(arg, Errors.NOT_FLOAT);
  }

  static double score(byte[] arg, String error) {
    if (arg.length == 0 || isSpace(arg[0])) {
      throw new CommandException(error);
    }
    Parsed p = strtod(arg, 0);
    if (p.used != arg.length || Double.isNaN(p.value)
        || (p.outOfRange && (Double.isInfinite(p.value) || p.value == 0))) {
      throw new CommandException(error);
    }
    return p.value;
  }

  /** A timeout in seconds (a float), as milliseconds rounded up; 0 waits forever. */
  static long timeoutMillis(byte[] arg) {
    String error = "ERR timeout is not a float or out of range";
    if (arg.length == 0 || isSpace(arg[0])) {
      throw new CommandException(error);
    }
    Parsed p = strtod(arg, 0);
    if (p.used != arg.length || Double.isNaN(p.value)) {
      throw new CommandException(error);
    }
    // Redis reads a long double, so a double's overflow (or "inf") is only a huge number,
    // and converting it to milliseconds gives x86's "integer indefinite", LLONG_MIN.
    double ms = Math.ceil(p.value * 1000.0);
    if (Double.isInfinite(ms) || ms >= 0x1p63 || ms < -0x1p63 || (long) ms < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    long timeout = (long) ms;
    // Timers that far out are never due; blocking without one is the same and safer.
    return timeout > MAX_TIMER_MS ? 0 : timeout;
  }

  /** A hundred years. */
  private static final long MAX_TIMER_MS = 100L * 365 * 24 * 3600 * 1000;

  /** A ZRANGEBYSCORE interval ({@code (} for exclusive), null when an end is not a float. */
  static RZSet.ScoreRange scoreRange(byte[] min, byte[] max) {
    int minFrom = min.length > 0 && min[0] == '(' ? 1 : 0;
    int maxFrom = max.length > 0 && max[0] == '(' ? 1 : 0;
    Double lo = rangeEnd(min, minFrom);
    Double hi = rangeEnd(max, maxFrom);
    if (lo == null || hi == null) {
      return null;
    }
    return new RZSet.ScoreRange(lo, minFrom == 1, hi, maxFrom == 1);
  }

  /** Redis checks only that strtod stopped at the string's end (a C string: the first NUL). */
  private static Double rangeEnd(byte[] arg, int from) {
    Parsed p = strtod(arg, from);
    int end = from + p.used;
    if ((end < arg.length && arg[end] != 0) || Double.isNaN(p.value)) {
      return null;
    }
    return p.value;
  }

  static RZSet.ScoreRange scoreRangeOrError(byte[] min, byte[] max) {
    RZSet.ScoreRange r = scoreRange(min, max);
    if (r == null) {
      throw new CommandException("ERR min or max is not a float");
    }
    return r;
  }

  /** A ZRANGEBYLEX interval: {@code [x}, {@code (x}, {@code -} or {@code +}; null if malformed. */
  static RZSet.LexRange lexRange(byte[] min, byte[] max) {
    byte[][] ends = new byte[2][];
    boolean[] exclusive = new boolean[2];
    byte[][] args = {min, max};
    for (int i = 0; i < 2; i++) {
      byte[] a = args[i];
      if (a.length == 0) {
        return null;
      }
      boolean alone = a.length == 1 || a[1] == 0;
      switch (a[0]) {
        case '+' -> {
          if (!alone) {
            return null;
          }
          ends[i] = RZSet.LexRange.MAX;
          exclusive[i] = true;
        }
        case '-' -> {
          if (!alone) {
            return null;
          }
          ends[i] = RZSet.LexRange.MIN;
          exclusive[i] = true;
        }
        case '(', '[' -> {
          ends[i] = Arrays.copyOfRange(a, 1, a.length);
          exclusive[i] = a[0] == '(';
        }
        default -> {
          return null;
        }
      }
    }
    return new RZSet.LexRange(ends[0], exclusive[0], ends[1], exclusive[1]);
  }

  static RZSet.LexRange lexRangeOrError(byte[] min, byte[] max) {
    RZSet.LexRange r = lexRange(min, max);
    if (r == null) {
      throw new CommandException("ERR min or max not valid string range item");
    }
    return r;
  }

  /**
   * A score as a listpack holds it (what ZSCAN shows of a small set): integers that a double
   * holds exactly within ±2^62 in integer form, anything else as {@code %.17g}.
   */
  static String listpackScore(double d) {
    if (!Double.isInfinite(d) && !Double.isNaN(d) && d >= -4.611686018427387904e18 && d <= 4.611686018427387904e18
        && d == (double) (long) d) {
      return Long.toString((long) d);
    }
    return Args.formatDouble(d);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---- strtod --------------------------------------------------------------------------

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }

  /**
   * C's {@code strtod} in the C locale from {@code from}: skips blanks, reads a decimal or hex
   * float, "inf[inity]" or "nan[(...)]", and reports how many bytes it consumed (0 when it
   * found no number, as strtod then leaves its end pointer at the start).
   */
  static Parsed strtod(byte[] s, int from) {
    int i = from;
    int n = s.length;
    while (i < n && isSpace(s[i])) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      negative = s[i] == '-';
      i++;
    }
    if (matches(s, i, "infinity")) {
      return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i + 8 - from, false);
    }
    if (matches(s, i, "inf")) {
      return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i + 3 - from, false);
    }
    if (matches(s, i, "nan")) {
      int end = i + 3;
      if (end < n && s[end] == '(') {
        int j = end + 1;
        while (j < n && (Character.isLetterOrDigit(s[j]) || s[j] == '_')) {
          j++;
        }
        if (j < n && s[j] == ')') {
          end = j + 1;
        }
      }
      return new Parsed(Double.NaN, end - from, false);
    }
    if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
      Parsed hex = hex(s, i + 2, negative, from);
      if (hex != null) {
        return hex;
      }
      // "0x" without hex digits: strtod reads the "0" and stops at the 'x'
      return new Parsed(negative ? -0.0 : 0.0, i + 1 - from, false);
    }
    int start = i;
    int digits = 0;
    boolean nonZero = false;
    while (i < n && isDigit(s[i])) {
      nonZero |= s[i] != '0';
      i++;
      digits++;
    }
    if (i < n && s[i] == '.') {
      i++;
      while (i < n && isDigit(s[i])) {
        nonZero |= s[i] != '0';
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return new Parsed(0, 0, false);
    }
    i = exponentEnd(s, i, 'e', 'E');
    String text = new String(s, start, i - start, StandardCharsets.ISO_8859_1);
    double v = Double.parseDouble(text);
    return finish(negative ? -v : v, nonZero, i - from);
  }

  private static Parsed hex(byte[] s, int i, boolean negative, int from) {
    int n = s.length;
    int start = i;
    int digits = 0;
    boolean nonZero = false;
    while (i < n && Character.digit(s[i], 16) >= 0) {
      nonZero |= s[i] != '0';
      i++;
      digits++;
    }
    if (i < n && s[i] == '.') {
      i++;
      while (i < n && Character.digit(s[i], 16) >= 0) {
        nonZero |= s[i] != '0';
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null;
    }
    String mantissa = new String(s, start, i - start, StandardCharsets.ISO_8859_1);
    int expStart = i;
    i = exponentEnd(s, i, 'p', 'P');
    String exponent = i > expStart ? new String(s, expStart + 1, i - expStart - 1, StandardCharsets.ISO_8859_1) : "0";
    if (mantissa.endsWith(".")) {
      mantissa = mantissa.substring(0, mantissa.length() - 1);
    }
    double v = Double.parseDouble("0x" + (mantissa.startsWith(".") ? "0" + mantissa : mantissa) + "p" + exponent);
    return finish(negative ? -v : v, nonZero, i - from);
  }

  /** The end of an optional exponent at {@code i}, which counts only with at least one digit. */
  private static int exponentEnd(byte[] s, int i, char lower, char upper) {
    int n = s.length;
    if (i < n && (s[i] == lower || s[i] == upper)) {
      int j = i + 1;
      if (j < n && (s[j] == '+' || s[j] == '-')) {
        j++;
      }
      if (j < n && isDigit(s[j])) {
        while (j < n && isDigit(s[j])) {
          j++;
        }
        return j;
      }
    }
    return i;
  }

  private static Parsed finish(double v, boolean nonZero, int used) {
    boolean range = Double.isInfinite(v) || (nonZero && Math.abs(v) < Double.MIN_NORMAL);
    return new Parsed(v, used, range);
  }

  private static boolean matches(byte[] s, int i, String word) {
    if (i + word.length() > s.length) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      int c = s[i + k];
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
