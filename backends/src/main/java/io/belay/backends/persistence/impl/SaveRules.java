package io.belay.backends.persistence.impl;

import java.util.ArrayList;
import java.util.List;

/** {@code save <seconds> <changes> ...}: snapshot when at least the changes happened within the seconds. */
public final class SaveRules {

  /** Redis retries a failed background save after this long (CONFIG_BGSAVE_RETRY_DELAY). */
  public static final long RETRY_DELAY_MS = 5000;

  private record Rule(long seconds, long changes) {
  }

  private final List<Rule> rules;

  private SaveRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** Parses the value of the {@code save} parameter (already validated by the settings). */
  public static SaveRules parse(String value) {
    List<Rule> rules = new ArrayList<>();
    String trimmed = value == null ? "" : value.trim();
    if (!trimmed.isEmpty()) {
      String[] parts = trimmed.split("\\s+");
      for (int i = 0; i + 1 < parts.length; i += 2) {
        rules.add(new Rule(Long.parseLong(parts[i]), Long.parseLong(parts[i + 1])));
      }
    }
    return new SaveRules(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * serverCron's test: some rule has enough changes and its time has passed since the last
   * save, and the last background save succeeded or failed long enough ago.
   */
  public boolean due(long changes, long nowMs, long lastSaveMs, long lastTryMs, boolean lastOk) {
    for (Rule r : rules) {
      if (changes >= r.changes && nowMs - lastSaveMs > r.seconds * 1000
          && (lastOk || nowMs - lastTryMs > RETRY_DELAY_MS)) {
        return true;
      }
    }
    return false;
  }
}
