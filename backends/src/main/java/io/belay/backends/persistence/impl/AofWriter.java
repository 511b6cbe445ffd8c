package io.belay.backends.persistence.impl;

import io.belay.backends.command.Propagator;
import io.belay.backends.command.ReplyBarrier;
import io.belay.protocol.RespWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file as one file of RESP commands (the form redis-server used up to 6.2),
 * written by a single I/O thread.
 *
 * <p>On the loop, propagated commands collect in a batch (with SELECT when the database
 * changes); the batch goes to the I/O thread at the end of the loop's turn. Redis writes its
 * AOF buffer in beforeSleep, before it sends the replies of that turn, so an acknowledged
 * write survives the process crashing; to keep that, this writer is the engine's
 * {@link ReplyBarrier} and holds every reply made in or before a batch until the I/O thread
 * reports the batch written. With {@code appendfsync always} it reports only after an fsync,
 * once for every run of batches it finds queued (group commit), so the write also survives
 * the machine crashing. With {@code everysec} the cron asks for an fsync once a second; with
 * {@code no} the kernel decides.
 *
 * <p>A rewrite captures the commands propagated after its snapshot's instant; at the switch
 * the I/O thread appends them to the new file, fsyncs it, renames it over the AOF and
 * carries on appending there. Commands queued before the switch went to the old file and
 * are in the captured diff too; those after it go to the new file only.
 */
public final class AofWriter implements Propagator, ReplyBarrier {

  private static final Logger log = LoggerFactory.getLogger(AofWriter.class);

  /** The appendfsync policies. */
  public enum Fsync {
    /** fsync before replying: no acknowledged write is lost. */
    ALWAYS,
    /** fsync in the background once a second: at most about a second is lost. */
    EVERYSEC,
    /** never fsync explicitly: the kernel flushes when it likes. */
    NO;

    public static Fsync of(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private final Path path;
  private final Executor io;
  private final Executor loop;
  private volatile Fsync fsync;

  // ---- loop side ----
  private final RespWriter batchBuffer = new RespWriter(16 * 1024);
  private int selectedDb = -1;
  private long batch = 1;
  private long handedOff;
  private long durable;
  private boolean handOffScheduled;
  private boolean failed;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long currentSize;
  private long baseSize;
  private long lastFsyncRequest;
  private RespWriter diff;
  private int diffDb = -1;
  /** False until the file exists (after the first rewrite, when enabled at run time). */
  private boolean writing;

  // ---- I/O thread side ----
  private final AtomicInteger queuedWrites = new AtomicInteger();
  private FileChannel channel;
  private long lastWritten;
  private long lastSynced;
  private IOException ioError;

  private record Waiter(long ticket, Consumer<Boolean> release) {
  }

  public AofWriter(Path path, Fsync fsync, Executor io, Executor loop) {
    this.path = path;
    this.fsync = fsync;
    this.io = io;
    this.loop = loop;
  }

  /** Opens the existing file for appending (after it was replayed). Call before any command runs. */
  public void openExisting() throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel.position(channel.size());
    currentSize = channel.size();
    baseSize = currentSize;
    writing = true;
  }

  public void setFsync(Fsync fsync) {
    this.fsync = fsync;
  }

  public Fsync fsync() {
    return fsync;
  }

  public long currentSize() {
    return currentSize;
  }

  public long baseSize() {
    return baseSize;
  }

  public boolean lastWriteOk() {
    return !failed;
  }

  public boolean rewriting() {
    return diff != null;
  }

  /** True once the file exists and commands are appended to it. */
  public boolean writing() {
    return writing;
  }

  /** Bytes of the batch not yet handed to the I/O thread. */
  public int bufferLength() {
    return batchBuffer.size();
  }

  // ---- propagation (loop) ----------------------------------------------------------------

  @Override
  public void propagate(int db, byte[][] args) {
    if (db != selectedDb) {
      batchBuffer.command("SELECT", Integer.toString(db));
      selectedDb = db;
    }
    batchBuffer.command(args);
    if (diff != null) {
      if (db != diffDb) {
        diff.command("SELECT", Integer.toString(db));
        diffDb = db;
      }
      diff.command(args);
    }
    if (!handOffScheduled) {
      handOffScheduled = true;
      loop.execute(this::handOff);
    }
  }

  /** Sends the current batch to the I/O thread. */
  public void handOff() {
    handOffScheduled = false;
    if (batchBuffer.isEmpty()) {
      return;
    }
    byte[] bytes = batchBuffer.drain();
    long id = batch++;
    handedOff = id;
    currentSize += bytes.length;
    queuedWrites.incrementAndGet();
    io.execute(() -> ioWrite(bytes, id));
  }

  // ---- reply barrier (loop) --------------------------------------------------------------

  @Override
  public long ticket() {
    if (!writing) {
      return 0;
    }
    if (!batchBuffer.isEmpty()) {
      return batch;
    }
    return handedOff > durable ? handedOff : 0;
  }

  @Override
  public void whenDurable(long ticket, Consumer<Boolean> release) {
    if (failed) {
      release.accept(false);
    } else if (ticket <= durable) {
      release.accept(true);
    } else {
      waiters.add(new Waiter(ticket, release));
    }
  }

  private void reported(long id, IOException error) {
    if (error != null && !failed) {
      failed = true;
      log.error("cannot write the append only file {}: {}; replies to writes are withheld", path, error.toString());
    }
    durable = Math.max(durable, id);
    while (!waiters.isEmpty() && (failed || waiters.peek().ticket() <= durable)) {
      waiters.poll().release().accept(!failed);
    }
  }

  // ---- cron (loop) -----------------------------------------------------------------------

  /** everysec: asks for a background fsync when a second has passed and something was written. */
  public void cron(long nowMs) {
    if (fsync == Fsync.EVERYSEC && writing && nowMs - lastFsyncRequest >= 1000) {
      lastFsyncRequest = nowMs;
      io.execute(this::ioSync);
    }
  }

  // ---- I/O thread ------------------------------------------------------------------------

  private void ioWrite(byte[] bytes, long id) {
    int left = queuedWrites.decrementAndGet();
    if (channel != null && ioError == null) {
      try {
        FileSink.writeFully(channel, bytes);
        lastWritten = id;
        if (fsync == Fsync.ALWAYS && left == 0) {
          channel.force(false);
          lastSynced = id;
        }
      } catch (IOException e) {
        ioError = e;
      }
    } else {
      lastWritten = id;
    }
    if (fsync != Fsync.ALWAYS || left == 0 || ioError != null) {
      IOException error = ioError;
      long done = lastWritten;
      loop.execute(() -> reported(done, error));
    }
  }

  private void ioSync() {
    if (channel != null && ioError == null && lastSynced < lastWritten) {
      try {
        channel.force(false);
        lastSynced = lastWritten;
      } catch (IOException e) {
        ioError = e;
        IOException error = e;
        loop.execute(() -> reported(0, error));
      }
    }
  }

  // ---- rewrite ---------------------------------------------------------------------------

  /** The rewrite's snapshot starts now: from here on propagated commands are also kept for it. */
  public void startCapture() {
    diff = new RespWriter(64 * 1024);
    diffDb = -1;
  }

  public void abandonCapture() {
    diff = null;
  }

  /**
   * Appends the captured commands to {@code rewritten} (which holds the snapshot), fsyncs it,
   * renames it over the AOF and appends there from now on. {@code done} gets the new size,
   * or the failure, on the loop.
   */
  public void switchTo(Path rewritten, Consumer<Object> done) {
    handOff();
    byte[] tail = diff.drain();
    diff = null;
    long sizeAtSwitch = currentSize;
    boolean wasWriting = writing;
    writing = true;
    queuedWrites.incrementAndGet();
    io.execute(() -> {
      queuedWrites.decrementAndGet();
      Object result;
      try {
        FileChannel next = FileChannel.open(rewritten, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileSink.writeFully(next, tail);
        next.force(true);
        Files.move(rewritten, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileSink.syncDirectory(path.toAbsolutePath().getParent());
        if (channel != null) {
          channel.close();
        }
        channel = next;
        ioError = null;
        lastSynced = lastWritten;
        result = next.size();
      } catch (IOException e) {
        result = e;
        try {
          Files.deleteIfExists(rewritten);
        } catch (IOException ignored) {
          // the next rewrite will overwrite it
        }
      }
      Object r = result;
      long synced = lastSynced;
      loop.execute(() -> {
        if (r instanceof Long size) {
          currentSize = size + (currentSize - sizeAtSwitch);
          baseSize = size;
          failed = false;
          reported(synced, null);
        } else if (!wasWriting) {
          writing = false;
        }
        done.accept(r);
      });
    });
  }

  /** Writes what is pending and fsyncs, waiting for it (SHUTDOWN). */
  public void syncNow() {
    handOff();
    java.util.concurrent.CompletableFuture<Void> synced = new java.util.concurrent.CompletableFuture<>();
    io.execute(() -> {
      ioSync();
      synced.complete(null);
    });
    synced.join();
  }

  /** Writes what is pending, fsyncs and closes, without waiting (CONFIG SET appendonly no). */
  public void closeAsync() {
    handOff();
    writing = false;
    io.execute(this::ioClose);
  }

  /** Writes what is pending, fsyncs and closes; blocks until the I/O thread has done it. */
  public void close() {
    handOff();
    writing = false;
    java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
    io.execute(() -> {
      ioClose();
      closed.complete(null);
    });
    closed.join();
  }

  private void ioClose() {
    try {
      if (channel != null) {
        channel.force(false);
        channel.close();
        channel = null;
      }
    } catch (IOException e) {
      log.warn("closing the append only file {}: {}", path, e.toString());
    }
  }
}
