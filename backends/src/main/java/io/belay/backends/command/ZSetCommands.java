package io.belay.backends.command;

/** The ZSet family. */
final class ZSetCommands {

  private final Engine engine;

  ZSetCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
  }
}
