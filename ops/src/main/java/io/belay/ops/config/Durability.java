package io.belay.ops.config;

import java.util.Locale;

/**
 * When a write is acknowledged to the client: {@code async} as soon as the master has it,
 * or {@code replica-ack:N} once N replicas have acknowledged its offset.
 *
 * @param replicaAcks replicas that must have the write before the client hears OK; 0 is async
 */
public record Durability(int replicaAcks) {

  public static final Durability ASYNC = new Durability(0);

  private static final String PREFIX = "replica-ack:";
  private static final String ALLOWED = "async, replica-ack:N (N >= 1)";

  public Durability {
    if (replicaAcks < 0) {
      throw new IllegalArgumentException("replicaAcks must be >= 0: " + replicaAcks);
    }
  }

  public static Durability replicaAck(int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replica-ack needs at least 1 replica: " + replicas);
    }
    return new Durability(replicas);
  }

  public static Durability parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("async")) {
      return ASYNC;
    }
    if (value.startsWith(PREFIX)) {
      try {
        int replicas = Integer.parseInt(value.substring(PREFIX.length()));
        if (replicas >= 1) {
          return new Durability(replicas);
        }
      } catch (NumberFormatException e) {
        // reported below with the allowed forms
      }
    }
    throw new IllegalArgumentException(Values.quote(text) + " is not one of " + ALLOWED);
  }

  public boolean isAsync() {
    return replicaAcks == 0;
  }

  @Override
  public String toString() {
    return isAsync() ? "async" : PREFIX + replicaAcks;
  }
}
