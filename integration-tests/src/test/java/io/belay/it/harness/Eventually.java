package io.belay.it.harness;

import java.time.Duration;

/** Waits for a condition instead of sleeping a guessed time. */
public final class Eventually {

  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  private Eventually() {
  }

  /** Retries {@code check} until it passes or {@code timeout} ends; then rethrows its last failure. */
  public static void eventually(Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(50);
    }
  }
}
