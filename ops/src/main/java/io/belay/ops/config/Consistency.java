package io.belay.ops.config;

/** What a client may observe when its reads go to replicas. */
public enum Consistency {
  /** Reads may miss the client's own recent writes until the replica catches up. */
  EVENTUAL,
  /** After a write, that connection reads from the master until replicas have the write. */
  READ_YOUR_WRITES;

  public String configName() {
    return Values.configName(this);
  }

  public static Consistency parse(String text) {
    return Values.parseEnum(Consistency.class, text);
  }
}
