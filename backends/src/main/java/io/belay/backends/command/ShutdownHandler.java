package io.belay.backends.command;

/** Carries out SHUTDOWN: save if asked, then stop. Throws {@link CommandException} to refuse. */
@FunctionalInterface
public interface ShutdownHandler {
  void shutdown(boolean save);
}
