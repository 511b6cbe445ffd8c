package io.belay.routing;

import java.util.Locale;

/** What a session may observe when it reads from a replica. */
public enum Consistency {
  /** Any replica the read policy admits; a read may miss the session's own recent writes. */
  EVENTUAL {
    @Override
    public Freshness freshness(ReadYourWrites session) {
      return Freshness.ANY;
    }
  },
  /** Only replicas that have the session's last write; until one has, reads go to the master. */
  READ_YOUR_WRITES {
    @Override
    public Freshness freshness(ReadYourWrites session) {
      return session;
    }
  };

  /** The freshness rule to pass in the {@link ReadContext} for a session. */
  public abstract Freshness freshness(ReadYourWrites session);

  /** The configuration spelling: {@code eventual}, {@code read-your-writes}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Consistency fromConfigName(String name) {
    for (Consistency value : values()) {
      if (value.configName().equalsIgnoreCase(name.trim())) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown consistency '" + name
        + "', expected eventual or read-your-writes");
  }
}
