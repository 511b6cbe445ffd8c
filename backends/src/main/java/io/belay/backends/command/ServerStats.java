package io.belay.backends.command;

/** Counters for INFO stats; touched on the engine's event loop only. */
public final class ServerStats {
  public final long startedAt = System.currentTimeMillis();
  public long connectionsReceived;
  public long rejectedConnections;
  public long commandsProcessed;
  public long rejectedCalls;
  public long netInputBytes;
  public long netOutputBytes;
  public long lastSave = System.currentTimeMillis() / 1000;
  public long changesSinceSave;
  public long syncFull;
  public long syncPartialOk;
  public long syncPartialErr;
}
