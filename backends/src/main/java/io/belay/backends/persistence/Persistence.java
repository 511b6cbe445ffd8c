package io.belay.backends.persistence;

import io.belay.backends.command.CommandException;
import io.belay.backends.command.Engine;
import io.belay.backends.command.Settings;
import io.belay.backends.persistence.impl.AofLoader;
import io.belay.backends.persistence.impl.AofManager;
import io.belay.backends.persistence.impl.AofWriter;
import io.belay.backends.persistence.impl.DirLock;
import io.belay.backends.persistence.impl.MemorySink;
import io.belay.backends.persistence.impl.PersistenceCommands;
import io.belay.backends.persistence.impl.PersistenceInfo;
import io.belay.backends.persistence.impl.RdbFiles;
import io.belay.backends.persistence.impl.RdbSaver;
import io.belay.backends.persistence.impl.SaveRules;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's persistence: the RDB snapshot and the append-only file in {@code dir}, loaded
 * at start, written as configured, and the SAVE, BGSAVE, LASTSAVE and BGREWRITEAOF commands.
 *
 * <p>Life cycle: construct it right after the engine (it declares its parameters and
 * commands), {@link #open()} before the server accepts clients (locks the directory, loads
 * the AOF if appendonly is on, else the RDB), {@link #shutdown(boolean)} for SHUTDOWN, and
 * {@link #close()} once the server is gone (final save if save rules are set, lock released).
 * The directory is locked only when persistence is on (save rules or appendonly), so
 * backends without it may share a working directory.
 *
 * <p>Everything but {@link #open()} and {@link #close()} runs on the engine's event loop; file
 * writes and fsyncs happen on two I/O threads, one for the AOF, one for snapshots. With the
 * AOF on, replies wait until the AOF has the writes before them (written, and with
 * {@code appendfsync always} fsynced), through the engine's reply barrier.
 *
 * <p>Files in {@code dir}: {@code dbfilename} and {@code appendfilename} (one file of RESP
 * commands, as redis-server up to 6.2 wrote it, starting with an RDB preamble once rewritten),
 * {@code belay.lock}, and the {@code temp-*} files of saves and rewrites in progress.
 */
public final class Persistence {

  private static final Logger log = LoggerFactory.getLogger(Persistence.class);

  private final Engine engine;
  private final Vertx vertx;
  private final Settings settings;
  private final ExecutorService aofIo = Executors.newSingleThreadExecutor(r -> daemon(r, "belay-aof-writer"));
  private final ExecutorService rdbIo = Executors.newSingleThreadExecutor(r -> daemon(r, "belay-rdb-writer"));
  private final Snapshotter snapshotter;
  private final RdbSaver rdb;
  private final AofManager aof;
  private final String replId = randomHex(40);
  private Supplier<Map<String, String>> replicationAux = () -> {
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("repl-stream-db", "0");
    aux.put("repl-id", replId);
    aux.put("repl-offset", "0");
    return aux;
  };
  private boolean compress = true;
  private Context context;
  private DirLock lock;
  private Path pidFile;
  private boolean opened;
  private Map<String, String> loadedAux = Map.of();
  private boolean shutdownDone;
  private boolean closed;
  private final io.vertx.core.Closeable closeHook = completion -> {
    release();
    completion.succeed();
  };

  public Persistence(Engine engine, Vertx vertx) {
    this.engine = engine;
    this.vertx = vertx;
    this.settings = engine.settings();
    this.snapshotter = new Snapshotter(engine.keyspace(), this::onLoop);
    this.rdb = new RdbSaver(engine, snapshotter, rdbIo, this::onLoop, this::aux, this::rdbPath, () -> compress);
    this.aof = new AofManager(engine, snapshotter, aofIo, rdbIo, this::onLoop, this::aofPath, () -> aux(true));
    PersistenceParams.define(settings, this);
    settings.addObserver(this::changed);
    new PersistenceCommands(rdb, aof).register(engine.registry());
    engine.addInfoSection(new PersistenceInfo(rdb, aof), "stats");
    engine.onCron(this::cron);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---- start ---------------------------------------------------------------------------

  /** Locks the directory, writes the pid file, loads the data; before the server starts. */
  public Future<Void> open() {
    return vertx.executeBlocking(() -> {
      openNow();
      return null;
    }, false);
  }

  private void openNow() throws IOException {
    try {
      load();
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  private void load() throws IOException {
    Path dir = Path.of(settings.dir());
    Files.createDirectories(dir);
    rdb.setRules(SaveRules.parse(settings.save()));
    if (settings.appendOnly() || !rdb.rules().isEmpty()) {
      lock = DirLock.acquire(dir);
    }
    ((VertxInternal) vertx).addCloseHook(closeHook);
    if (!settings.get("pidfile").isEmpty()) {
      pidFile = Path.of(settings.get("pidfile"));
      Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }
    long started = System.nanoTime();
    Path rdbFile = rdbPath();
    Path aofFile = aofPath();
    if (settings.appendOnly()) {
      if (Files.exists(aofFile)) {
        AofLoader.Result r = AofLoader.load(aofFile, engine, settings.aofLoadTruncated());
        if (r.preamble() != null) {
          loadedAux = r.preamble().aux();
        }
        log.info("DB loaded from append only file {}: {} commands{} in {} ms", aofFile, r.commands(),
            r.preamble() == null ? "" : " after an RDB preamble of " + r.preamble().keysLoaded() + " keys",
            (System.nanoTime() - started) / 1_000_000);
      } else {
        // Redis would start empty here, losing the snapshot of a server that just turned
        // appendonly on in its configuration; the snapshot becomes the AOF's base instead.
        if (Files.exists(rdbFile)) {
          loadRdb(rdbFile, started);
        }
        RdbFiles.save(engine.keyspace(), aux(true), compress, dir.resolve("temp-" + ProcessHandle.current().pid()
            + ".aof"), aofFile);
        log.info("created the append only file {}", aofFile);
      }
      aof.openAtStart(AofWriter.Fsync.of(settings.appendFsync()));
    } else if (Files.exists(rdbFile)) {
      loadRdb(rdbFile, started);
    }
    engine.resetDirty(); // what was loaded is on disk already
    opened = true;
  }

  private void loadRdb(Path file, long started) throws IOException {
    RdbInfo info;
    try {
      info = new RdbReader(engine.keyspace()).load(file);
    } catch (IOException e) {
      throw new IOException("cannot load " + file + ": " + e.getMessage(), e);
    }
    loadedAux = info.aux();
    rdb.loaded(info.keysLoaded(), info.keysExpired());
    log.info("DB loaded from disk: {} keys ({} expired skipped) in {} ms", info.keysLoaded(), info.keysExpired(),
        (System.nanoTime() - started) / 1_000_000);
  }

  // ---- run time (on the loop) ----------------------------------------------------------

  private void cron() {
    if (!opened || closed) {
      return;
    }
    if (context == null) {
      context = Vertx.currentContext();
    }
    long now = System.currentTimeMillis();
    rdb.cron(now, aof.rewriting());
    aof.cron(now, rdb.inProgress());
  }

  private void changed(String name, String value) {
    switch (name) {
      case "save" -> rdb.setRules(SaveRules.parse(value));
      case "appendfsync" -> aof.setFsync(AofWriter.Fsync.of(value));
      case "appendonly" -> {
        if (!opened) {
          return; // read by open()
        }
        if (value.equals("yes")) {
          aof.enable(AofWriter.Fsync.of(settings.appendFsync()));
        } else {
          aof.disable();
        }
      }
      default -> {
      }
    }
  }

  void setCompression(boolean compress) {
    this.compress = compress;
  }

  boolean compression() {
    return compress;
  }

  AofManager aofManager() {
    return aof;
  }

  /**
   * The aux fields of the RDB (or the AOF's RDB preamble) loaded at start, empty if none:
   * repl-id and repl-offset let a restarted backend continue its replication history.
   */
  public Map<String, String> loadedAux() {
    return loadedAux;
  }

  /** Where repl-id, repl-offset and repl-stream-db of saved RDBs come from (replication sets it). */
  public void setReplicationAux(Supplier<Map<String, String>> aux) {
    this.replicationAux = aux;
  }

  /** An RDB of the keyspace as of now streamed into {@code sink}, with {@code extraAux} added: a full sync. */
  public Snapshot snapshot(RdbSink sink, Map<String, String> extraAux) {
    Map<String, String> aux = aux(false);
    aux.putAll(extraAux);
    return snapshotter.start(sink, aux, compress);
  }

  /** The same as one byte array. */
  public Future<byte[]> snapshotBytes(Map<String, String> extraAux) {
    MemorySink sink = new MemorySink();
    return snapshot(sink, extraAux).result().map(r -> sink.bytes());
  }

  /** Replaces the keyspace with the RDB read from {@code in} (a replica's full sync); returns its aux fields. */
  public Map<String, String> loadReplacing(InputStream in) throws IOException {
    engine.keyspace().flushAll();
    RdbInfo info = new RdbReader(engine.keyspace()).load(in);
    rdb.loaded(info.keysLoaded(), info.keysExpired());
    return info.aux();
  }

  /** The aux fields of an RDB written now, in redis-server's order. */
  Map<String, String> aux(boolean aofBase) {
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("redis-ver", "7.0.15");
    aux.put("redis-bits", "64");
    aux.put("ctime", Long.toString(System.currentTimeMillis() / 1000));
    aux.put("used-mem", Long.toString(engine.keyspace().usedMemory()));
    Map<String, String> replication = replicationAux.get();
    for (String field : new String[] {"repl-stream-db", "repl-id", "repl-offset"}) {
      if (replication.containsKey(field)) {
        aux.put(field, replication.get(field)); // redis-server's order, whatever map it came in
      }
    }
    aux.putAll(replication);
    aux.put("aof-base", aofBase ? "1" : "0");
    return aux;
  }

  private Path rdbPath() {
    return Path.of(settings.dir()).resolve(settings.dbFilename());
  }

  private Path aofPath() {
    return Path.of(settings.dir()).resolve(settings.appendFilename());
  }

  // ---- stop ----------------------------------------------------------------------------

  /**
   * SHUTDOWN: drops background saves, writes and fsyncs the AOF, saves if asked, removes the
   * pid file. On the loop, synchronously. Throws {@link CommandException} if the save fails,
   * and the server then goes on running, as Redis does.
   */
  public void shutdown(boolean save) {
    rdb.cancel();
    aof.cancelRewrite();
    if (aof.enabled()) {
      aof.writer().syncNow();
    }
    if (save) {
      try {
        rdb.saveNow();
      } catch (IOException e) {
        log.warn("Error trying to save the DB, can't exit: {}", e.toString());
        throw new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
      }
    }
    shutdownDone = true;
    removePidFile();
  }

  /**
   * After the server stopped: a final snapshot if save rules are set and SHUTDOWN did not save
   * already, then the AOF closed and the directory unlocked.
   */
  public Future<Void> close() {
    if (closed || !opened) {
      return vertx.executeBlocking(() -> {
        release();
        return null;
      }, false);
    }
    boolean finalSave = !shutdownDone && !rdb.rules().isEmpty();
    if (context == null) {
      // nothing of ours ever ran on the loop, and the server is gone: save right here
      return vertx.executeBlocking(() -> {
        if (finalSave) {
          saveQuietly();
        }
        release();
        return null;
      }, false);
    }
    Promise<Void> saved = Promise.promise();
    context.runOnContext(v -> {
      rdb.cancel();
      aof.cancelRewrite();
      if (!finalSave) {
        saved.complete();
        return;
      }
      rdb.bgsave();
      rdb.current().onComplete(ar -> saved.complete());
    });
    return saved.future().compose(v -> vertx.executeBlocking(() -> {
      release();
      return null;
    }, false));
  }

  private void saveQuietly() {
    try {
      rdb.saveNow();
    } catch (IOException e) {
      log.warn("final save failed: {}", e.toString());
    }
  }

  private synchronized void release() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      aof.close();
    } catch (RuntimeException e) {
      log.warn("closing the append only file: {}", e.toString());
    }
    removePidFile();
    if (lock != null) {
      lock.close();
      lock = null;
    }
    aofIo.shutdown();
    rdbIo.shutdown();
    ((VertxInternal) vertx).removeCloseHook(closeHook);
  }

  private void removePidFile() {
    if (pidFile != null) {
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException e) {
        log.warn("cannot remove the pid file {}: {}", pidFile, e.toString());
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** Runs {@code task} later on the engine's loop: the context is the one this was first called on. */
  private void onLoop(Runnable task) {
    if (context == null) {
      context = Vertx.currentContext();
      if (context == null) {
        throw new IllegalStateException("persistence work must start on the engine's event loop");
      }
    }
    context.runOnContext(v -> task.run());
  }

  private static String randomHex(int n) {
    java.security.SecureRandom r = new java.security.SecureRandom();
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }
}
