package io.belay.backends.persistence.impl;

import io.belay.backends.persistence.RdbSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An RDB written to a temporary file by an I/O thread, then fsynced and, if a target is
 * given, atomically renamed over it. The engine's loop only queues chunks; it stops
 * producing while more than {@link #HIGH_WATER} bytes wait for the disk, so a slow disk
 * bounds the memory a snapshot holds instead of letting it grow with the keyspace.
 */
public final class FileSink implements RdbSink {

  /** Queued bytes above which the snapshot pauses: a few chunks, enough to keep the disk busy. */
  static final long HIGH_WATER = 4L * 1024 * 1024;
  private static final long LOW_WATER = HIGH_WATER / 2;

  private final Path temp;
  private final Path target;
  private final Executor io;
  private final Executor loop;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicReference<Runnable> drain = new AtomicReference<>();
  /** Touched by the I/O thread only. */
  private FileChannel channel;
  private IOException error;

  /**
   * @param target the file to rename the finished temporary file to, or null to leave it
   * @param io     a single-threaded executor: chunks are written in order
   * @param loop   runs the drain handler and completions on the engine's loop
   */
  public FileSink(Path temp, Path target, Executor io, Executor loop) {
    this.temp = temp;
    this.target = target;
    this.io = io;
    this.loop = loop;
  }

  @Override
  public void write(byte[] chunk) {
    queued.addAndGet(chunk.length);
    io.execute(() -> {
      try {
        if (error == null) {
          if (channel == null) {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
          }
          writeFully(channel, chunk);
        }
      } catch (IOException e) {
        error = e;
      }
      if (queued.addAndGet(-chunk.length) < LOW_WATER) {
        Runnable r = drain.getAndSet(null);
        if (r != null) {
          loop.execute(r);
        }
      }
    });
  }

  static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return queued.get() > HIGH_WATER;
  }

  @Override
  public void drainHandler(Runnable handler) {
    drain.set(handler);
    if (!writeQueueFull()) {
      Runnable r = drain.getAndSet(null);
      if (r != null) {
        loop.execute(r);
      }
    }
  }

  @Override
  public Future<Void> end() {
    Promise<Void> promise = Promise.promise();
    io.execute(() -> {
      IOException failure = error;
      try {
        if (failure == null) {
          if (channel == null) {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
          }
          channel.force(true);
          channel.close();
          channel = null;
          if (target != null) {
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.toAbsolutePath().getParent());
          }
        }
      } catch (IOException e) {
        failure = e;
      }
      if (failure != null) {
        discard();
        IOException f = failure;
        loop.execute(() -> promise.fail(f));
      } else {
        loop.execute(promise::complete);
      }
    });
    return promise.future();
  }

  @Override
  public void abort() {
    io.execute(this::discard);
  }

  private void discard() {
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // nothing more can be done about a temporary file that cannot be removed
    }
  }

  /** Makes a rename durable: the directory entry is on disk, not only the file's data. */
  public static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // some file systems cannot sync a directory; the rename itself is still atomic
    }
  }
}
