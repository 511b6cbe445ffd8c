package io.belay.ops.config;

/** When the append-only file is flushed to disk, as Redis's {@code appendfsync}. */
public enum AppendFsync {
  /** After every write: slowest, loses nothing the client was told succeeded. */
  ALWAYS,
  /** Once a second: may lose the last second of writes on a crash. */
  EVERYSEC,
  /** Whenever the operating system decides. */
  NO;

  public String configName() {
    return Values.configName(this);
  }

  public static AppendFsync parse(String text) {
    return Values.parseEnum(AppendFsync.class, text);
  }
}
