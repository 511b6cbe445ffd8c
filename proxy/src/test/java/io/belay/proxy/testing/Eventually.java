package io.belay.proxy.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition instead of sleeping a fixed time. */
public final class Eventually {

  private Eventually() {
  }

  public static void eventually(Duration timeout, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
        last = null;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("condition not met within " + timeout, last);
  }
}
