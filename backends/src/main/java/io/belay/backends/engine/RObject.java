package io.belay.backends.engine;

/**
 * A value in the keyspace with what Redis keeps beside it: the expiry time and the LRU
 * clock. The value is a {@code byte[]} for strings, or one of {@link RHash}, {@link RList},
 * {@link RSet}, {@link RZSet}.
 */
public final class RObject {

  /** Rough per-key overhead of the dict node, this object and the key array headers. */
  static final int KEY_OVERHEAD = 96;

  Object value;
  /** Absolute unix time in milliseconds, or -1 for no expiry. */
  long expireAt = -1;
  /** Milliseconds of the last access, for LRU eviction and OBJECT IDLETIME. */
  long lastAccess;
  /** Access frequency estimate for OBJECT FREQ. */
  int frequency;
  /** Bytes counted into the database's used memory for this key. */
  long accounted;

  public RObject(Object value) {
    this.value = value;
  }

  public Object value() {
    return value;
  }

  public void setValue(Object value) {
    this.value = value;
  }

  public long expireAt() {
    return expireAt;
  }

  public boolean hasExpire() {
    return expireAt >= 0;
  }

  public long lastAccess() {
    return lastAccess;
  }

  public int frequency() {
    return frequency;
  }

  /** Bytes this key counts for in used_memory (MEMORY USAGE). */
  public long accountedBytes() {
    return accounted;
  }

  public ValueType type() {
    return ValueType.of(value);
  }

  /** Memory this value holds, kept current in O(1) by the containers. */
  long memoryUsage(byte[] key) {
    Object v = value;
    long body = v instanceof byte[] bytes ? bytes.length + 16 : ((Container) v).memoryUsage();
    return KEY_OVERHEAD + key.length + body;
  }
}
