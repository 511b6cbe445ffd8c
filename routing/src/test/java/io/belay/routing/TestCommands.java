package io.belay.routing;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.CommandTable;
import io.belay.protocol.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command lines and specs for the routing tests, resolved against redis-server 7.0's table. */
public final class TestCommands {

  private static final CommandTable TABLE = CommandTable.redis7();

  private TestCommands() {
  }

  /** The spec governing a command line. */
  public static CommandSpec resolve(byte[][] args) {
    return TABLE.resolve(args);
  }

  /** The spec for a name ({@code "get"}, {@code "client|id"}), or {@code null}. */
  public static CommandSpec top(String name) {
    return TABLE.lookup(name);
  }

  public static byte[][] args(String... words) {
    byte[][] args = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      args[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return args;
  }

  /** A spec built by hand, for shapes the real table does not have. */
  public static CommandSpec spec(String name, int arity, Set<CommandFlag> flags,
      List<KeySpec> keySpecs) {
    return new CommandSpec(name, arity, flags, 0, 0, 0, List.of(), keySpecs, "test", Map.of());
  }

  /** redis-server 7.0's table. */
  public static CommandTable table() {
    return TABLE;
  }
}
