package io.belay.routing;

import java.util.Locale;

/** What a replica-only read policy does when no replica qualifies. */
public enum NoReplicaBehaviour {
  /** Read from the master: available, and never staler than a replica. */
  FALLBACK_TO_MASTER,
  /** Refuse the read: keeps read load off the master when it is the one to protect. */
  FAIL;

  /** The configuration spelling: {@code fallback-to-master}, {@code fail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static NoReplicaBehaviour fromConfigName(String name) {
    for (NoReplicaBehaviour value : values()) {
      if (value.configName().equalsIgnoreCase(name.trim())) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown no-replica behaviour '" + name
        + "', expected fallback-to-master or fail");
  }
}
