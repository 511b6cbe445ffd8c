package io.belay.backends.replication;

import io.belay.backends.persistence.RdbSink;
import io.belay.backends.persistence.Snapshot;
import io.vertx.core.Future;
import java.io.InputStream;
import java.util.Map;

/**
 * RDB snapshots for full synchronization, provided by the persistence layer: the master
 * produces one as of an instant without blocking commands, the replica loads one.
 */
public interface SnapshotSource {

  /**
   * Starts an RDB snapshot of the keyspace as of now, with {@code aux} fields added (repl-id,
   * repl-offset). Runs on the engine's event loop; the future completes with the whole RDB.
   */
  Future<byte[]> snapshot(Map<String, String> aux);

  /**
   * The same snapshot streamed into {@code sink} while it is made (a diskless full sync). Its
   * result completes once every byte was handed to the sink, and fails if the snapshot did or
   * was cancelled.
   */
  Snapshot stream(RdbSink sink, Map<String, String> aux);

  /** Replaces the keyspace with the RDB in {@code rdb}; returns its aux fields. Runs on the engine's loop. */
  Map<String, String> load(InputStream rdb) throws Exception;
}
