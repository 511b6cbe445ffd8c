package io.belay.election.support;

import java.time.Duration;

/** Retries an assertion until it holds or the time is up, instead of sleeping in tests. */
public final class Eventually {

  private Eventually() {
  }

  public static void eventually(Duration within, Runnable assertion) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
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
