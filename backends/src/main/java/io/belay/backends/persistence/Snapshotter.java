package io.belay.backends.persistence;

import io.belay.backends.engine.ChangeGuard;
import io.belay.backends.engine.Database;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.persistence.impl.SnapshotJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Produces RDB snapshots of a keyspace as of one instant while commands go on changing it,
 * the way a forked redis-server child does, but on the engine's own event loop.
 *
 * <p>A snapshot scans each database's key table with a SCAN cursor a slice at a time
 * (about a millisecond per turn of the loop), and is told by the keyspace's
 * {@link ChangeGuard} before any key changes. A key the scan has not reached yet is written
 * at that moment, with the value it still has, and remembered so the scan skips it later:
 * copy-on-write at key granularity. A key created after the instant is remembered as
 * absent. FLUSHDB, FLUSHALL and SWAPDB replace or exchange whole key tables and never touch
 * the one a snapshot is reading, so nothing is needed for them.
 *
 * <p>Several snapshots may run at once (a BGSAVE and a replica's full sync); one guard tells
 * them all. Everything here runs on the engine's event loop.
 */
public final class Snapshotter {

  private final Keyspace keyspace;
  private final Executor loop;
  private final List<SnapshotJob> running = new ArrayList<>();
  private final ChangeGuard guard = new ChangeGuard() {
    @Override
    public void beforeChange(Database db, byte[] key) {
      for (int i = 0; i < running.size(); i++) {
        running.get(i).beforeChange(db, key);
      }
    }

    @Override
    public void beforeClear(Database db) {
      // the table being cleared is replaced, not emptied: snapshots keep reading it
    }
  };

  /**
   * @param loop runs a task later on the engine's event loop (a snapshot yields between
   *             slices through it); in a server, {@code r -> context.runOnContext(v -> r.run())}
   */
  public Snapshotter(Keyspace keyspace, Executor loop) {
    this.keyspace = keyspace;
    this.loop = loop;
  }

  /**
   * Starts a snapshot of the keyspace as it is now: its header and aux fields are written
   * at once, the keys over the next turns of the loop. Call on the engine's loop, between
   * commands (not halfway through a transaction).
   */
  public Snapshot start(RdbSink sink, Map<String, String> aux, boolean compress) {
    SnapshotJob job = new SnapshotJob(keyspace, sink, loop, compress, this::finished);
    running.add(job);
    keyspace.setGuard(guard);
    job.start(aux);
    return job;
  }

  /** Snapshots in progress. */
  public int running() {
    return running.size();
  }

  private void finished(SnapshotJob job) {
    running.remove(job);
    if (running.isEmpty() && keyspace.guard() == guard) {
      keyspace.setGuard(null);
    }
  }
}
