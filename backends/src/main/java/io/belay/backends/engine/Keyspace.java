package io.belay.backends.engine;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The numbered databases of one backend and the clock their expiry reads. The clock is
 * frozen for the duration of a command ({@link #updateClock()}), as Redis caches mstime,
 * so one command sees one instant.
 */
public final class Keyspace {

  /** Counters INFO stats reports. */
  public static final class Stats {
    public long expiredKeys;
    public long evictedKeys;
    public long keyspaceHits;
    public long keyspaceMisses;
  }

  private final Database[] databases;
  private final RandomGenerator random = new SplittableRandom();
  private final Stats stats = new Stats();
  private KeyspaceListener listener = KeyspaceListener.NONE;
  private boolean replica;
  private ChangeGuard guard;
  private boolean servingMaster;
  private long now = System.currentTimeMillis();

  public Keyspace(int databaseCount) {
    databases = new Database[databaseCount];
    for (int i = 0; i < databaseCount; i++) {
      databases[i] = new Database(i, this);
    }
  }

  public int databaseCount() {
    return databases.length;
  }

  public Database db(int index) {
    return databases[index];
  }

  public long now() {
    return now;
  }

  /** Reads the wall clock; call once before each command. */
  public long updateClock() {
    now = System.currentTimeMillis();
    return now;
  }

  public RandomGenerator random() {
    return random;
  }

  public Stats stats() {
    return stats;
  }

  public KeyspaceListener listener() {
    return listener;
  }

  public void setListener(KeyspaceListener listener) {
    this.listener = listener;
  }

  /** A replica never deletes expired keys itself; it hides them until its master's DEL arrives. */
  public boolean isReplica() {
    return replica;
  }

  public void setReplica(boolean replica) {
    this.replica = replica;
  }

  /**
   * True while a replica applies its master's stream: then keys past their expiry still
   * exist, as the master has not expired them yet and its DEL will follow (Redis's rule).
   */
  public boolean isServingMaster() {
    return servingMaster;
  }

  public void setServingMaster(boolean servingMaster) {
    this.servingMaster = servingMaster;
  }

  /** The guard told before every change, or null (no snapshot in progress). */
  public ChangeGuard guard() {
    return guard;
  }

  public void setGuard(ChangeGuard guard) {
    this.guard = guard;
  }

  public long usedMemory() {
    long total = 0;
    for (Database db : databases) {
      total += db.usedMemory();
    }
    return total;
  }

  public long keyCount() {
    long total = 0;
    for (Database db : databases) {
      total += db.size();
    }
    return total;
  }

  public void flushAll() {
    for (Database db : databases) {
      db.clear();
    }
  }

  public void swap(int a, int b) {
    databases[a].swapWith(databases[b]);
  }

  /**
   * Redis's active expire cycle: sample 20 volatile keys per database at a time within a
   * time budget, so memory held by keys nobody reads again is reclaimed.
   */
  public int activeExpireCycle(long budgetNanos) {
    updateClock();
    long deadline = System.nanoTime() + budgetNanos;
    int deleted = 0;
    for (Database db : databases) {
      deleted += db.activeExpire(20, System::nanoTime, deadline);
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    return deleted;
  }
}
