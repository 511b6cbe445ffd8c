package io.belay.ops.config;

/** Where a group's proxy sends read-only commands; written in kebab-case in configuration. */
public enum ReadPolicy {
  /** Every command goes to the master; replicas only stand by for failover. */
  MASTER,
  /** Reads go to a healthy replica, to the master when none is. */
  PREFER_REPLICA,
  /** Reads go to a healthy replica only; with none, they fail rather than load the master. */
  REPLICA,
  /** Reads are spread over the master and the healthy replicas. */
  ANY,
  /** Reads go to the healthy node with the smallest replication lag. */
  LEAST_LAG;

  public String configName() {
    return Values.configName(this);
  }

  public static ReadPolicy parse(String text) {
    return Values.parseEnum(ReadPolicy.class, text);
  }
}
