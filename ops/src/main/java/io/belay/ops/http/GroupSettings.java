package io.belay.ops.http;

import java.util.Objects;

/**
 * A group's routing settings as they are written in configuration, so the API shows the
 * same spellings an operator types: {@code prefer-replica}, {@code 1s}, {@code replica-ack:1}.
 *
 * @param readPolicy    master, prefer-replica, replica, any or least-lag
 * @param maxReplicaLag replicas further behind than this are not read from, e.g. {@code 1s}
 * @param consistency   eventual or read-your-writes
 * @param durability    async or replica-ack:N
 */
public record GroupSettings(
    String readPolicy, String maxReplicaLag, String consistency, String durability) {

  public GroupSettings {
    Objects.requireNonNull(readPolicy, "readPolicy");
    Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(durability, "durability");
  }
}
