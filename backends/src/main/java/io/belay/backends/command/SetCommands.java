package io.belay.backends.command;

/** The Set family. */
final class SetCommands {

  private final Engine engine;

  SetCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
  }
}
