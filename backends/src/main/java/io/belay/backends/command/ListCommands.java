package io.belay.backends.command;

/** The List family. */
final class ListCommands {

  private final Engine engine;

  ListCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
  }
}
