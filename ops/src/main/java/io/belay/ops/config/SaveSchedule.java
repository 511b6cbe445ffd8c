package io.belay.ops.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The snapshot rules of a backend, as Redis's {@code save "3600 1 300 100"}: pairs of
 * "seconds changes". An empty schedule disables snapshots.
 */
public record SaveSchedule(List<SavePoint> points) {

  /** No automatic snapshots, as {@code save ""}. */
  public static final SaveSchedule DISABLED = new SaveSchedule(List.of());

  /** Redis 7's default: after 1 hour and 1 change, 5 minutes and 100, 1 minute and 10000. */
  public static final SaveSchedule REDIS_DEFAULT = new SaveSchedule(List.of(
      new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000)));

  public SaveSchedule {
    points = List.copyOf(points);
  }

  /** Parses "seconds changes" pairs separated by spaces; blank text is {@link #DISABLED}. */
  public static SaveSchedule parse(String text) {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty()) {
      return DISABLED;
    }
    String[] numbers = value.split("\\s+");
    if (numbers.length % 2 != 0) {
      throw bad(text);
    }
    List<SavePoint> points = new ArrayList<>();
    for (int i = 0; i < numbers.length; i += 2) {
      try {
        long seconds = Long.parseLong(numbers[i]);
        long changes = Long.parseLong(numbers[i + 1]);
        if (seconds < 1 || changes < 1) {
          throw bad(text);
        }
        points.add(new SavePoint(seconds, changes));
      } catch (NumberFormatException e) {
        throw bad(text);
      }
    }
    return new SaveSchedule(points);
  }

  public boolean isDisabled() {
    return points.isEmpty();
  }

  /** The redis.conf spelling: {@code 3600 1 300 100}, or an empty string when disabled. */
  @Override
  public String toString() {
    return points.stream().map(SavePoint::toString).collect(Collectors.joining(" "));
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(Values.quote(text)
        + " is not a save schedule (pairs of \"seconds changes\" >= 1, e.g. \"3600 1 300 100\";"
        + " \"\" disables snapshots)");
  }
}
