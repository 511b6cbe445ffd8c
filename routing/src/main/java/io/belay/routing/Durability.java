package io.belay.routing;

import java.util.Locale;

/** When a write is acknowledged to the client. */
public sealed interface Durability {

  /** As soon as the master has it; replication follows asynchronously. */
  Async ASYNC = new Async();

  /** The configuration spelling: {@code async}, {@code replica-ack:N}. */
  String configName();

  record Async() implements Durability {
    @Override
    public String configName() {
      return "async";
    }
  }

  /** Once {@code replicas} replicas acknowledged the write's offset. */
  record ReplicaAck(int replicas) implements Durability {
    public ReplicaAck {
      if (replicas < 1) {
        throw new IllegalArgumentException("replica-ack needs at least one replica: " + replicas);
      }
    }

    @Override
    public String configName() {
      return "replica-ack:" + replicas;
    }
  }

  static Durability fromConfigName(String name) {
    String value = name.trim().toLowerCase(Locale.ROOT);
    if (value.equals("async")) {
      return ASYNC;
    }
    if (value.startsWith("replica-ack:")) {
      String count = value.substring("replica-ack:".length());
      try {
        return new ReplicaAck(Integer.parseInt(count));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("replica-ack needs a number of replicas, got '"
            + count + "'", e);
      }
    }
    throw new IllegalArgumentException("unknown durability '" + name
        + "', expected async or replica-ack:N");
  }
}
