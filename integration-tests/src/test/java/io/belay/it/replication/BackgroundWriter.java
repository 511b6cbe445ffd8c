package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client on a thread of its own that keeps changing a master's data while a test does
 * something else (a full sync, a restart), counting its writes and keeping its first failure,
 * which fails the test when it waits for or stops the writer.
 */
abstract class BackgroundWriter implements AutoCloseable {

  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ops = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  BackgroundWriter(String name) {
    thread = new Thread(() -> {
      try {
        write();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, name);
  }

  /** Writes while {@link #running()}, calling {@link #wrote()} after each write. */
  protected abstract void write() throws Exception;

  protected final boolean running() {
    return running.get();
  }

  protected final void wrote() {
    ops.incrementAndGet();
  }

  final void start() {
    thread.start();
  }

  final long ops() {
    return ops.get();
  }

  final void awaitOps(long count, Duration timeout) throws Exception {
    eventually(timeout, () -> {
      if (failure.get() != null) {
        throw new AssertionError("the writer failed", failure.get());
      }
      assertTrue(ops.get() >= count, ops.get() + " writes so far");
    });
  }

  /** Stops the writer and fails if it failed. */
  final void stop() throws InterruptedException {
    close();
    if (failure.get() != null) {
      throw new AssertionError("the writer failed", failure.get());
    }
  }

  @Override
  public final void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
