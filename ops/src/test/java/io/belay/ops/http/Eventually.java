package io.belay.ops.http;

import java.time.Duration;

/** Retries an assertion until it holds or the time is up, then rethrows its last failure. */
final class Eventually {

  private Eventually() {
  }

  static void eventually(Duration within, Runnable assertion) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
