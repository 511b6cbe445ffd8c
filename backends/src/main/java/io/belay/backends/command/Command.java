package io.belay.backends.command;

/** A command's implementation: reads {@code args} (name included), writes the reply to {@code client.out}. */
@FunctionalInterface
public interface Command {

  /**
   * Runs on the engine's event loop. Errors are thrown as {@link CommandException} before
   * any reply bytes are written.
   */
  void execute(Client client, byte[][] args);
}
