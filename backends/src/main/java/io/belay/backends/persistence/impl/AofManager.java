package io.belay.backends.persistence.impl;

import io.belay.backends.command.Engine;
import io.belay.backends.command.ReplyBarrier;
import io.belay.backends.persistence.Snapshot;
import io.belay.backends.persistence.Snapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AOF's life: on at start or by CONFIG SET appendonly yes (which first writes the file
 * by a rewrite, as Redis does), off again, rewritten by BGREWRITEAOF or when it has grown
 * by auto-aof-rewrite-percentage over auto-aof-rewrite-min-size. A rewrite writes an RDB
 * preamble (Redis's aof-use-rdb-preamble yes) from a snapshot, then the commands that
 * arrived meanwhile. Runs on the engine's loop.
 */
public final class AofManager {

  private static final Logger log = LoggerFactory.getLogger(AofManager.class);

  private final Engine engine;
  private final Snapshotter snapshotter;
  private final Executor aofIo;
  private final Executor rdbIo;
  private final Executor loop;
  private final Supplier<Path> path;
  private final Supplier<Map<String, String>> aux;
  private AofWriter writer;
  private Snapshot rewrite;
  private long rewriteStartedAt;
  private boolean scheduled;
  private boolean lastRewriteOk = true;
  private long lastRewriteSeconds = -1;
  private long rewrites;
  private long consecutiveFailures;
  /** auto-aof-rewrite-percentage: growth over the last rewrite's size that starts one; 0 never. */
  private long autoPercentage = 100;
  /** auto-aof-rewrite-min-size: no automatic rewrite below this many bytes. */
  private long autoMinSize = 64L * 1024 * 1024;

  public AofManager(Engine engine, Snapshotter snapshotter, Executor aofIo, Executor rdbIo, Executor loop,
      Supplier<Path> path, Supplier<Map<String, String>> aux) {
    this.engine = engine;
    this.snapshotter = snapshotter;
    this.aofIo = aofIo;
    this.rdbIo = rdbIo;
    this.loop = loop;
    this.path = path;
    this.aux = aux;
  }

  public long autoPercentage() {
    return autoPercentage;
  }

  public void setAutoPercentage(long percentage) {
    this.autoPercentage = percentage;
  }

  public long autoMinSize() {
    return autoMinSize;
  }

  public void setAutoMinSize(long bytes) {
    this.autoMinSize = bytes;
  }

  public boolean enabled() {
    return writer != null;
  }

  public AofWriter writer() {
    return writer;
  }

  public boolean rewriting() {
    return rewrite != null;
  }

  /** At start, after the file was replayed (or created): appends from the first command on. */
  public void openAtStart(AofWriter.Fsync fsync) throws IOException {
    AofWriter w = new AofWriter(path.get(), fsync, aofIo, loop);
    w.openExisting();
    install(w);
  }

  private void install(AofWriter w) {
    writer = w;
    engine.addPropagator(w);
    engine.setReplyBarrier(w);
  }

  /** CONFIG SET appendonly yes: the file is written by a rewrite, then appended to. */
  public void enable(AofWriter.Fsync fsync) {
    if (writer != null) {
      return;
    }
    install(new AofWriter(path.get(), fsync, aofIo, loop));
    if (rewrite == null) {
      rewrite();
    } else {
      scheduled = true;
    }
  }

  /** CONFIG SET appendonly no: stops appending; what was written stays. */
  public void disable() {
    if (writer == null) {
      return;
    }
    AofWriter w = writer;
    writer = null;
    engine.removePropagator(w);
    engine.setReplyBarrier(ReplyBarrier.NONE);
    if (rewrite != null) {
      rewrite.cancel();
    }
    w.closeAsync();
  }

  public void setFsync(AofWriter.Fsync fsync) {
    if (writer != null) {
      writer.setFsync(fsync);
    }
  }

  /** BGREWRITEAOF; false if a rewrite runs already. */
  public boolean rewrite() {
    if (rewrite != null) {
      return false;
    }
    scheduled = false;
    rewriteStartedAt = System.currentTimeMillis();
    Path target = path.get();
    Path temp = target.toAbsolutePath().getParent().resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
    AofWriter w = writer;
    if (w != null) {
      w.startCapture();
    }
    log.info("Background append only file rewriting started");
    // with no AOF being written (appendonly no) the snapshot alone is the new file
    Snapshot s = snapshotter.start(new FileSink(temp, w == null ? target : null, rdbIo, loop), aux.get(), true);
    rewrite = s;
    s.result().onComplete(ar -> {
      if (ar.failed()) {
        finished(w, ar.cause());
      } else if (w == null || w != writer) {
        finished(w, null);
      } else {
        w.switchTo(temp, r -> finished(w, r instanceof Throwable t ? t : null));
      }
    });
    return true;
  }

  private void finished(AofWriter w, Throwable failure) {
    rewrite = null;
    lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartedAt) / 1000;
    if (failure == null) {
      lastRewriteOk = true;
      consecutiveFailures = 0;
      rewrites++;
      log.info("Background AOF rewrite finished successfully");
    } else {
      if (w != null) {
        w.abandonCapture();
        if (w == writer && !w.writing()) {
          log.warn("the append only file could not be created: appendonly stays off");
          disable();
        }
      }
      lastRewriteOk = false;
      consecutiveFailures++;
      log.warn("Background AOF rewrite failed: {}", failure.getMessage());
    }
  }

  public void schedule() {
    scheduled = true;
  }

  /** serverCron: everysec fsync, a scheduled rewrite, or an automatic one. */
  public void cron(long now, boolean busy) {
    if (writer != null) {
      writer.cron(now);
    }
    if (rewrite != null || busy) {
      return;
    }
    if (scheduled) {
      rewrite();
      return;
    }
    if (writer != null && autoPercentage > 0 && writer.currentSize() > autoMinSize) {
      long base = Math.max(1, writer.baseSize());
      long growth = (writer.currentSize() - base) * 100 / base;
      if (growth >= autoPercentage) {
        log.info("Starting automatic rewriting of AOF on {}% growth", growth);
        rewrite();
      }
    }
  }

  public void cancelRewrite() {
    if (rewrite != null) {
      rewrite.cancel();
    }
  }

  /** Writes, fsyncs and closes the file, waiting for it: shutdown only, never on the loop otherwise. */
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }

  public void info(StringBuilder sb) {
    long now = System.currentTimeMillis();
    sb.append("aof_enabled:").append(writer != null ? 1 : 0).append("\r\n")
        .append("aof_rewrite_in_progress:").append(rewrite != null ? 1 : 0).append("\r\n")
        .append("aof_rewrite_scheduled:").append(scheduled ? 1 : 0).append("\r\n")
        .append("aof_last_rewrite_time_sec:").append(lastRewriteSeconds).append("\r\n")
        .append("aof_current_rewrite_time_sec:").append(rewrite == null ? -1 : (now - rewriteStartedAt) / 1000)
        .append("\r\n")
        .append("aof_last_bgrewrite_status:").append(lastRewriteOk ? "ok" : "err").append("\r\n")
        .append("aof_rewrites:").append(rewrites).append("\r\n")
        .append("aof_rewrites_consecutive_failures:").append(consecutiveFailures).append("\r\n")
        .append("aof_last_write_status:").append(writer == null || writer.lastWriteOk() ? "ok" : "err").append("\r\n")
        .append("aof_last_cow_size:0\r\n")
        .append("module_fork_in_progress:0\r\n")
        .append("module_fork_last_cow_size:0\r\n");
    if (writer != null) {
      sb.append("aof_current_size:").append(writer.currentSize()).append("\r\n")
          .append("aof_base_size:").append(writer.baseSize()).append("\r\n")
          .append("aof_pending_rewrite:").append(scheduled ? 1 : 0).append("\r\n")
          .append("aof_buffer_length:").append(writer.bufferLength()).append("\r\n")
          .append("aof_pending_bio_fsync:0\r\n")
          .append("aof_delayed_fsync:0\r\n");
    }
  }
}
