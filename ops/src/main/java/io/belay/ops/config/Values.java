package io.belay.ops.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parsers for the scalar syntaxes shared by YAML files and command-line flags. Every parser
 * throws {@link IllegalArgumentException} whose message quotes the bad value and says what is
 * allowed, so callers only have to prefix where the value came from.
 */
public final class Values {

  private Values() {
  }

  /**
   * A duration with a unit: {@code 200ms}, {@code 1s}, {@code 2m}, {@code 1h}. A bare number
   * is refused: "200" could mean milliseconds or seconds depending on which Redis setting
   * the reader has in mind.
   */
  public static Duration parseDuration(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    int unitAt = 0;
    while (unitAt < value.length() && Character.isDigit(value.charAt(unitAt))) {
      unitAt++;
    }
    if (unitAt == 0 || unitAt > 12) {
      throw badDuration(text);
    }
    long amount = Long.parseLong(value.substring(0, unitAt));
    String unit = value.substring(unitAt);
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        throw badDuration(text);
    }
  }

  /** Writes a duration back in the syntax {@link #parseDuration} reads, largest exact unit. */
  public static String formatDuration(Duration duration) {
    long ms = duration.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms != 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** Redis's yes/no booleans; {@code true}/{@code false} are accepted too because YAML writes them. */
  public static boolean parseYesNo(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    switch (value) {
      case "yes":
      case "true":
        return true;
      case "no":
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(quote(text) + " is not one of yes, no");
    }
  }

  /** A whole number that must not be negative, e.g. {@code replica-priority}. */
  public static int parseNonNegative(String text) {
    try {
      int value = Integer.parseInt(text == null ? "" : text.strip());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw new IllegalArgumentException(quote(text) + " is not a whole number >= 0");
  }

  /** A bare file name such as {@code dump.rdb}: Redis refuses paths there and so do we. */
  public static String parseFileName(String text) {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('\\') >= 0
        || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(quote(text)
          + " is not a file name (a name without directories; the directory is --dir / dir)");
    }
    return value;
  }

  /** The configuration spelling of an enum constant: lower case, dashes for underscores. */
  public static String configName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses an enum by its {@link #configName}, ignoring case. */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
    String value = text == null ? "" : text.strip();
    for (E constant : type.getEnumConstants()) {
      if (configName(constant).equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(quote(text) + " is not one of " + allowed(type));
  }

  /** The allowed spellings of an enum, comma separated, in declaration order. */
  public static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Values::configName)
        .collect(Collectors.joining(", "));
  }

  static String quote(String text) {
    return "'" + (text == null ? "" : text) + "'";
  }

  private static IllegalArgumentException badDuration(String text) {
    return new IllegalArgumentException(quote(text)
        + " is not a duration (a whole number with a unit: ms, s, m, h; e.g. 200ms, 1s, 2m)");
  }
}
