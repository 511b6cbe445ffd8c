package io.belay.backends.command;

/** The Hash family. */
final class HashCommands {

  private final Engine engine;

  HashCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
  }
}
