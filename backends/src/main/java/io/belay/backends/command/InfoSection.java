package io.belay.backends.command;

/** One section of INFO, contributed by the component that owns its facts. */
public interface InfoSection {

  /** Lower-case section name: {@code server}, {@code persistence}, {@code replication}, ... */
  String name();

  /** Appends {@code field:value\r\n} lines. */
  void write(StringBuilder out);

  /** Part of {@code INFO} without arguments (Redis's "default" set). */
  default boolean isDefault() {
    return true;
  }

  static String line(String field, Object value) {
    return field + ":" + value + "\r\n";
  }
}
