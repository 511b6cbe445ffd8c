package io.belay.ops.config;

import java.util.Objects;

/**
 * A password or token from configuration. Its {@code toString} never shows the value, so
 * settings records can be logged whole.
 */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
