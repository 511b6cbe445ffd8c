package io.belay.routing;

import java.util.Objects;

/**
 * One command of a pipeline batch, as handed to {@link BatchClassifier}. Holds the arguments by
 * reference: not a value, do not compare.
 *
 * @param spec the command's spec from the command table, or {@code null} when unknown
 * @param args the full argument vector, the command name first
 */
public record CommandCall(io.belay.protocol.command.CommandSpec spec, byte[][] args) {

  public CommandCall {
    Objects.requireNonNull(args, "args");
  }
}
