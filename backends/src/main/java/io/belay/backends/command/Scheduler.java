package io.belay.backends.command;

/** Timers on the engine's event loop (Vert.x in a server, a manual clock in tests). */
public interface Scheduler {

  /** Runs {@code task} once after {@code delayMs} on the engine's thread; returns a timer id. */
  long schedule(long delayMs, Runnable task);

  void cancel(long timerId);
}
