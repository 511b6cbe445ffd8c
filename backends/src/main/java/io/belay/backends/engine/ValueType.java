package io.belay.backends.engine;

/** The Redis data types, as TYPE names them. */
public enum ValueType {
  STRING("string"),
  LIST("list"),
  SET("set"),
  ZSET("zset"),
  HASH("hash");

  private final String redisName;

  ValueType(String redisName) {
    this.redisName = redisName;
  }

  public String redisName() {
    return redisName;
  }

  public static ValueType of(Object value) {
    if (value instanceof byte[]) {
      return STRING;
    } else if (value instanceof RList) {
      return LIST;
    } else if (value instanceof RSet) {
      return SET;
    } else if (value instanceof RZSet) {
      return ZSET;
    } else if (value instanceof RHash) {
      return HASH;
    }
    throw new IllegalStateException("not a Redis value: " + value);
  }

  /** The TYPE-filter name, case-insensitively, or null. */
  public static ValueType fromRedisName(String name) {
    for (ValueType t : values()) {
      if (t.redisName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }
}
