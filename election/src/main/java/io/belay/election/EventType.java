package io.belay.election;

/**
 * What happened, named as Redis Sentinel names it so operators' scripts and log searches keep
 * working. {@link #warning()} marks the events Sentinel passes to its notification script.
 */
public enum EventType {
  SDOWN("+sdown", true),
  SDOWN_CLEARED("-sdown", true),
  ODOWN("+odown", true),
  ODOWN_CLEARED("-odown", true),
  NEW_EPOCH("+new-epoch", true),
  TRY_FAILOVER("+try-failover", true),
  ELECTED_LEADER("+elected-leader", true),
  FAILOVER_STATE_SELECT_REPLICA("+failover-state-select-slave", true),
  SELECTED_REPLICA("+selected-slave", true),
  NO_GOOD_REPLICA("-failover-abort-no-good-slave", true),
  DATA_LOSS_TOO_HIGH("-failover-abort-data-loss", true),
  FAILOVER_STATE_SEND_PROMOTE("+failover-state-send-slaveof-noone", true),
  FAILOVER_STATE_WAIT_PROMOTION("+failover-state-wait-promotion", true),
  PROMOTED_REPLICA("+promoted-slave", true),
  FAILOVER_STATE_RECONF_REPLICAS("+failover-state-reconf-slaves", true),
  REPLICA_RECONF_SENT("+slave-reconf-sent", false),
  REPLICA_RECONF_DONE("+slave-reconf-done", false),
  FAILOVER_END("+failover-end", true),
  FAILOVER_ABORTED("-failover-abort", true),
  SWITCH_MASTER("+switch-master", true),
  CONVERT_TO_REPLICA("+convert-to-slave", true),
  FIX_REPLICA_CONFIG("+fix-slave-config", true),
  REBOOT("+reboot", true),
  /** The master restarted with less than its replicas have: it lost data, and is failed over. */
  REBOOT_BEHIND_REPLICAS("+reboot-behind-replicas", true),
  MONITOR("+monitor", true),
  SENTINEL_JOINED("+sentinel", false),
  SENTINEL_LEFT("-sentinel", false),
  MAJORITY_LOST("-majority", true),
  MAJORITY_REGAINED("+majority", true),
  LEASE_EXPIRED("+lease-expired", true),
  WRITES_HELD("+hold-writes", true),
  WRITES_RELEASED("-hold-writes", true),
  RESET("+reset-master", true);

  private final String text;
  private final boolean warning;

  EventType(String text, boolean warning) {
    this.text = text;
    this.warning = warning;
  }

  /** The event's name as Sentinel prints it, e.g. {@code +switch-master}. */
  public String text() {
    return text;
  }

  /** Whether Sentinel would hand this event to the notification script. */
  public boolean warning() {
    return warning;
  }
}
