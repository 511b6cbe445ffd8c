package io.belay.backends.command;

/** The SortCommand family. */
final class SortCommand {

  private final Engine engine;

  SortCommand(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
  }
}
