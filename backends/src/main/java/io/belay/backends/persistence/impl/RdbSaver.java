package io.belay.backends.persistence.impl;

import io.belay.backends.command.Engine;
import io.belay.backends.persistence.Snapshot;
import io.belay.backends.persistence.Snapshotter;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots to {@code dir/dbfilename}: SAVE in one go, BGSAVE through the {@link Snapshotter},
 * and the {@code save} rules checked on every cron tick. Keeps what INFO persistence reports.
 * Runs on the engine's loop.
 */
public final class RdbSaver {

  private static final Logger log = LoggerFactory.getLogger(RdbSaver.class);

  private final Engine engine;
  private final Snapshotter snapshotter;
  private final Executor io;
  private final Executor loop;
  private final Function<Boolean, Map<String, String>> aux;
  private final Supplier<Path> target;
  private final Supplier<Boolean> compress;

  private Snapshot running;
  private long startedAt;
  private long dirtyAtStart;
  private boolean scheduled;
  private SaveRules rules = SaveRules.parse("");
  private long lastSave = System.currentTimeMillis();
  private long lastTry;
  private boolean lastBgsaveOk = true;
  private long lastBgsaveSeconds = -1;
  private long saves;
  private long lastLoadKeys;
  private long lastLoadExpired;

  /**
   * @param aux    the aux fields of a new RDB, given whether it is an AOF preamble
   * @param target where the RDB goes ({@code dir/dbfilename}, as configured now)
   */
  public RdbSaver(Engine engine, Snapshotter snapshotter, Executor io, Executor loop,
      Function<Boolean, Map<String, String>> aux, Supplier<Path> target, Supplier<Boolean> compress) {
    this.engine = engine;
    this.snapshotter = snapshotter;
    this.io = io;
    this.loop = loop;
    this.aux = aux;
    this.target = target;
    this.compress = compress;
  }

  public void setRules(SaveRules rules) {
    this.rules = rules;
  }

  public SaveRules rules() {
    return rules;
  }

  /** SAVE: the whole keyspace now, on the caller's thread. */
  public void saveNow() throws IOException {
    Path file = target.get();
    long dirty = engine.dirty();
    long keys = RdbFiles.save(engine.keyspace(), aux.apply(false), compress.get(), tempFile(file), file);
    log.info("DB saved on disk ({} keys)", keys);
    saved(dirty);
  }

  /** SAVE's temporary file; a background save has its own, so a cancelled one never touches this. */
  private static Path tempFile(Path file) {
    return file.toAbsolutePath().getParent().resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
  }

  private static Path backgroundTempFile(Path file) {
    return file.toAbsolutePath().getParent().resolve("temp-bg-" + ProcessHandle.current().pid() + ".rdb");
  }

  /** Changes counted before a save stop counting once it succeeded; later ones still count. */
  private void saved(long dirtyAtSaveStart) {
    long since = engine.dirty() - dirtyAtSaveStart;
    engine.resetDirty();
    engine.dirty(Math.max(0, since));
    lastSave = System.currentTimeMillis();
    saves++;
  }

  public boolean inProgress() {
    return running != null;
  }

  /** BGSAVE: starts a background save, or returns false if one is running. */
  public boolean bgsave() {
    if (running != null) {
      return false;
    }
    scheduled = false;
    Path file = target.get();
    startedAt = System.currentTimeMillis();
    lastTry = startedAt;
    dirtyAtStart = engine.dirty();
    log.info("Background saving started");
    Snapshot s = snapshotter.start(new FileSink(backgroundTempFile(file), file, io, loop), aux.apply(false),
        compress.get());
    running = s;
    s.result().onComplete(ar -> {
      if (running == s) {
        running = null;
      }
      lastBgsaveSeconds = (System.currentTimeMillis() - startedAt) / 1000;
      if (ar.succeeded()) {
        lastBgsaveOk = true;
        saved(dirtyAtStart);
        log.info("Background saving terminated with success ({} keys, {} bytes, {} copied on write)",
            ar.result().keys(), ar.result().bytes(), s.keysCopiedOnWrite());
      } else {
        lastBgsaveOk = false;
        log.warn("Background saving error: {}", ar.cause().getMessage());
      }
    });
    return true;
  }

  /** The running background save's result, or a succeeded future if none runs. */
  public Future<?> current() {
    return running == null ? Future.succeededFuture() : running.result();
  }

  public void schedule() {
    scheduled = true;
  }

  public boolean scheduled() {
    return scheduled;
  }

  /** Abandons a running background save (shutdown); its temporary file is removed. */
  public void cancel() {
    if (running != null) {
      Snapshot s = running;
      running = null;
      s.cancel();
    }
  }

  /** serverCron: a scheduled BGSAVE, or one the save rules call for; never while {@code busy}. */
  public void cron(long now, boolean busy) {
    if (running != null || busy) {
      return;
    }
    if (scheduled || rules.due(engine.dirty(), now, lastSave, lastTry, lastBgsaveOk)) {
      bgsave();
    }
  }

  public void loaded(long keys, long expired) {
    lastLoadKeys = keys;
    lastLoadExpired = expired;
  }

  public void info(StringBuilder sb) {
    long now = System.currentTimeMillis();
    Snapshot s = running;
    sb.append("current_save_keys_processed:").append(s == null ? 0 : s.keysWritten()).append("\r\n")
        .append("current_save_keys_total:").append(s == null ? 0 : engine.keyspace().keyCount()).append("\r\n")
        .append("rdb_changes_since_last_save:").append(engine.dirty()).append("\r\n")
        .append("rdb_bgsave_in_progress:").append(s == null ? 0 : 1).append("\r\n")
        .append("rdb_last_save_time:").append(lastSave / 1000).append("\r\n")
        .append("rdb_last_bgsave_status:").append(lastBgsaveOk ? "ok" : "err").append("\r\n")
        .append("rdb_last_bgsave_time_sec:").append(lastBgsaveSeconds).append("\r\n")
        .append("rdb_current_bgsave_time_sec:").append(s == null ? -1 : (now - startedAt) / 1000).append("\r\n")
        .append("rdb_saves:").append(saves).append("\r\n")
        .append("rdb_last_cow_size:0\r\n")
        .append("rdb_last_load_keys_expired:").append(lastLoadExpired).append("\r\n")
        .append("rdb_last_load_keys_loaded:").append(lastLoadKeys).append("\r\n");
  }

  public long lastSaveSeconds() {
    return lastSave / 1000;
  }
}
