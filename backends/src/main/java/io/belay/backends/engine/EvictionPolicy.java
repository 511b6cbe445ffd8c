package io.belay.backends.engine;

import java.util.Locale;

/** What to delete when {@code maxmemory} is reached, under Redis's names. */
public enum EvictionPolicy {
  /** Refuse writes that may grow memory with {@code -OOM}. */
  NOEVICTION(false, false),
  /** Least recently used among all keys (sampled). */
  ALLKEYS_LRU(true, false),
  /** Least recently used among keys with an expiry (sampled). */
  VOLATILE_LRU(false, false),
  ALLKEYS_LFU(true, false),
  VOLATILE_LFU(false, false),
  ALLKEYS_RANDOM(true, true),
  VOLATILE_RANDOM(false, true),
  /** Nearest expiry first among keys with an expiry (sampled). */
  VOLATILE_TTL(false, false);

  private final boolean allKeys;
  private final boolean random;

  EvictionPolicy(boolean allKeys, boolean random) {
    this.allKeys = allKeys;
    this.random = random;
  }

  public boolean allKeys() {
    return allKeys;
  }

  public boolean random() {
    return random;
  }

  public String redisName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static EvictionPolicy fromRedisName(String name) {
    for (EvictionPolicy p : values()) {
      if (p.redisName().equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }
}
