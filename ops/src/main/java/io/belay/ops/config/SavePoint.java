package io.belay.ops.config;

/**
 * One Redis {@code save} rule: snapshot when at least {@code changes} writes happened within
 * {@code seconds}.
 */
public record SavePoint(long seconds, long changes) {

  public SavePoint {
    if (seconds < 1 || changes < 1) {
      throw new IllegalArgumentException("save point needs seconds >= 1 and changes >= 1: "
          + seconds + " " + changes);
    }
  }

  @Override
  public String toString() {
    return seconds + " " + changes;
  }
}
