package io.belay.ops.config;

/** What a backend does when {@code maxmemory} is reached, as Redis's {@code maxmemory-policy}. */
public enum MaxMemoryPolicy {
  /** Refuse writes that would need more memory. */
  NOEVICTION,
  /** Evict the least recently used key among all keys. */
  ALLKEYS_LRU,
  /** Evict the least recently used key among keys with an expiry. */
  VOLATILE_LRU,
  /** Evict a random key. */
  ALLKEYS_RANDOM,
  /** Evict a random key among keys with an expiry. */
  VOLATILE_RANDOM,
  /** Evict the key with an expiry that is nearest. */
  VOLATILE_TTL;

  public String configName() {
    return Values.configName(this);
  }

  public static MaxMemoryPolicy parse(String text) {
    return Values.parseEnum(MaxMemoryPolicy.class, text);
  }
}
