package io.belay.ops.config;

/**
 * The most replication bytes a failover may lose: when the dead master's last seen offset is
 * further ahead of the best replica than this, no replica is promoted until an operator forces
 * it. Written as a size ({@code 64mb}, as {@link ByteSize} reads it) or {@code unlimited}.
 */
public record DataLossBudget(long bytes) {

  /** Promote whatever the replicas are missing, as Sentinel does. */
  public static final DataLossBudget UNLIMITED = new DataLossBudget(Long.MAX_VALUE);

  public DataLossBudget {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
    }
  }

  public static DataLossBudget parse(String text) {
    if (text != null && text.strip().equalsIgnoreCase("unlimited")) {
      return UNLIMITED;
    }
    try {
      return new DataLossBudget(ByteSize.parse(text).bytes());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Values.quote(text)
          + " is not a size or unlimited (e.g. 64mb, 1gb, unlimited)");
    }
  }

  public boolean isUnlimited() {
    return bytes == Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return isUnlimited() ? "unlimited" : bytes + "b";
  }
}
