package io.belay.backends.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis computes INCRBYFLOAT and HINCRBYFLOAT in C {@code long double} (x87 80-bit: a 64-bit
 * mantissa) and prints the result with {@code %.17Lf}. Replicas and clients compare these
 * strings, so the arithmetic is reproduced exactly: values are kept as decimals rounded to
 * a 64-bit binary mantissa after every operation.
 */
final class LongDouble {

  private static final int MANTISSA_BITS = 64;
  /** Beyond the range of long double: Redis reports the result as infinite. */
  private static final int MAX_EXPONENT = 16383;

  private LongDouble() {
  }

  /** Parses like {@code strtold} as Redis's {@code string2ld} accepts it; null if invalid, NaN or infinite. */
  static BigDecimal parse(byte[] text) {
    if (text.length == 0 || text.length > 5000) {
      return null;
    }
    String s = new String(text, StandardCharsets.ISO_8859_1);
    if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return null;
    }
    try {
      return round(new BigDecimal(s));
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** The sum, rounded as long double addition rounds; null when it would be infinite. */
  static BigDecimal add(BigDecimal a, BigDecimal b) {
    return round(a.add(b));
  }

  /** {@code %.17Lf} with trailing zeros (and a trailing dot) removed, as Redis prints it. */
  static String format(BigDecimal value) {
    String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    if (s.indexOf('.') >= 0) {
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
      s = s.substring(0, end);
    }
    return s.equals("-0") ? "0" : s;
  }

  /** The nearest value with a 64-bit binary mantissa (round half to even), or null if out of range. */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal abs = x.abs();
    // exponent e with 2^(e) <= abs < 2^(e+1), estimated from the decimal magnitude, then corrected
    int e = (int) Math.floor((abs.precision() - abs.scale() - 1) * 3.321928094887362);
    while (pow2(e).compareTo(abs) > 0) {
      e--;
    }
    while (pow2(e + 1).compareTo(abs) <= 0) {
      e++;
    }
    if (e > MAX_EXPONENT) {
      return null;
    }
    int shift = MANTISSA_BITS - 1 - e;
    BigDecimal scaled = shift >= 0 ? abs.multiply(pow2(shift)) : abs.divide(pow2(-shift), MathContext.UNLIMITED);
    BigInteger mantissa = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    BigDecimal rounded = shift >= 0
        ? new BigDecimal(mantissa).divide(pow2(shift), MathContext.UNLIMITED)
        : new BigDecimal(mantissa).multiply(pow2(-shift));
    return x.signum() < 0 ? rounded.negate() : rounded;
  }

  private static BigDecimal pow2(int n) {
    return n >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(n))
        : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-n)), MathContext.UNLIMITED);
  }
}
