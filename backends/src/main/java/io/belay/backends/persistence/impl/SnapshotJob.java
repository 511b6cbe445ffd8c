package io.belay.backends.persistence.impl;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Dict;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.RObject;
import io.belay.backends.persistence.RdbSink;
import io.belay.backends.persistence.RdbWriter;
import io.belay.backends.persistence.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snapshot: scans the key tables as they were at its instant and writes each key once,
 * either when the scan reaches it or, earlier, just before a command changes it.
 *
 * <p>Which keys has the scan passed? The key tables' SCAN cursor walks buckets in
 * reverse-binary order, so after each step it has visited exactly the keys whose reversed
 * hash is below the reversed cursor, however the table grew or shrank meanwhile. A key is
 * therefore "already written" if its database comes before the one being scanned, or if it
 * is in that database below the cursor, or if it is in the {@code early} set of keys handled
 * ahead of the scan. The early set only holds keys ahead of the cursor and forgets each
 * one once the scan passes it.
 *
 * <p>Databases are followed by identity of their key table: SWAPDB exchanges tables between
 * databases, FLUSHDB puts a new table in place; the table a snapshot started from keeps its
 * snapshot database number wherever it goes, and a table created later is not in the
 * snapshot at all.
 */
public final class SnapshotJob implements Snapshot {

  private static final Logger log = LoggerFactory.getLogger(SnapshotJob.class);

  /** Time a slice of the scan may take before yielding to commands. */
  private static final long SLICE_NANOS = 1_000_000;

  private final Keyspace keyspace;
  private final RdbSink sink;
  private final Executor loop;
  private final Consumer<SnapshotJob> onDone;
  private final RdbWriter writer;
  private final Dict<RObject>[] tables;
  private final Dict<Boolean>[] early;
  private final Promise<Result> promise = Promise.promise();
  private final long startedAt = System.currentTimeMillis();
  /** Snapshot database being scanned; those before it are complete. */
  private int db;
  private long cursor;
  private boolean dbStarted;
  private boolean done;
  private long copied;

  @SuppressWarnings({"unchecked", "rawtypes"})
  public SnapshotJob(Keyspace keyspace, RdbSink sink, Executor loop, boolean compress, Consumer<SnapshotJob> onDone) {
    this.keyspace = keyspace;
    this.sink = sink;
    this.loop = loop;
    this.onDone = onDone;
    this.writer = new RdbWriter(sink::write, RdbWriter.DEFAULT_CHUNK, compress);
    int n = keyspace.databaseCount();
    this.tables = new Dict[n];
    this.early = new Dict[n];
    for (int i = 0; i < n; i++) {
      tables[i] = keyspace.db(i).keys();
    }
  }

  public void start(Map<String, String> aux) {
    writer.header(aux);
    loop.execute(this::tick);
  }

  @Override
  public Future<Result> result() {
    return promise.future();
  }

  @Override
  public long keysWritten() {
    return writer.keys();
  }

  @Override
  public long bytesWritten() {
    return writer.length();
  }

  @Override
  public long keysCopiedOnWrite() {
    return copied;
  }

  /** Called by the keyspace's guard before {@code key} of {@code database} changes. */
  public void beforeChange(Database database, byte[] key) {
    if (done) {
      return;
    }
    Dict<RObject> table = database.keys();
    int i = snapshotDb(table);
    if (i < 0 || covered(i, key)) {
      return;
    }
    if (early[i] == null) {
      early[i] = new Dict<>();
    }
    if (!early[i].putIfAbsent(key, Boolean.TRUE)) {
      return;
    }
    RObject o = table.get(key);
    if (o == null) {
      return; // created after the instant: not part of this snapshot
    }
    try {
      writer.key(i, key, o);
      copied++;
    } catch (RuntimeException e) {
      // never let a snapshot's failure fail the command that triggered it
      fail(e);
    }
  }

  private int snapshotDb(Dict<RObject> table) {
    for (int i = 0; i < tables.length; i++) {
      if (tables[i] == table) {
        return i;
      }
    }
    return -1;
  }

  private boolean covered(int i, byte[] key) {
    if (i != db) {
      return i < db;
    }
    return Long.compareUnsigned(reversedHash(key), Long.reverse(cursor)) < 0;
  }

  private static long reversedHash(byte[] key) {
    return Long.reverse(Integer.toUnsignedLong(Dict.hash(key)));
  }

  private void tick() {
    if (done) {
      return;
    }
    try {
      long deadline = System.nanoTime() + SLICE_NANOS;
      int steps = 0;
      while (!sink.writeQueueFull()) {
        if (db == tables.length) {
          finish();
          return;
        }
        scanStep();
        if ((++steps & 31) == 0 && System.nanoTime() > deadline) {
          break;
        }
      }
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    if (sink.writeQueueFull()) {
      sink.drainHandler(() -> loop.execute(this::tick));
    } else {
      loop.execute(this::tick);
    }
  }

  private void scanStep() {
    Dict<RObject> table = tables[db];
    if (!dbStarted) {
      dbStarted = true;
      if (table.size() > 0) {
        Database holder = keyspace.db(db);
        writer.selectDb(db, table.size(), holder.keys() == table ? holder.volatileSize() : 0);
      }
    }
    long before = cursor;
    int i = db;
    cursor = table.scan(cursor, (key, o) -> visit(i, key, o, before));
    if (cursor == 0) {
      early[db] = null;
      tables[db] = null;
      db++;
      dbStarted = false;
    }
  }

  private void visit(int i, byte[] key, RObject o, long before) {
    if (Long.compareUnsigned(reversedHash(key), Long.reverse(before)) < 0) {
      return; // visited before the table shrank
    }
    Dict<Boolean> handled = early[i];
    if (handled != null && handled.remove(key) != null) {
      return;
    }
    writer.key(i, key, o);
  }

  private void finish() {
    writer.end();
    complete();
    long keys = writer.keys();
    long bytes = writer.length();
    sink.end().onComplete(ar -> {
      if (ar.succeeded()) {
        promise.tryComplete(new Result(keys, bytes, System.currentTimeMillis() - startedAt));
      } else {
        promise.tryFail(ar.cause());
      }
    });
  }

  private void complete() {
    done = true;
    for (int i = 0; i < tables.length; i++) {
      tables[i] = null;
      early[i] = null;
    }
    onDone.accept(this);
  }

  private void fail(Throwable cause) {
    if (done) {
      return;
    }
    log.warn("snapshot failed: {}", cause.toString());
    complete();
    sink.abort();
    promise.tryFail(cause);
  }

  @Override
  public void cancel() {
    fail(new IllegalStateException("snapshot cancelled"));
  }
}
