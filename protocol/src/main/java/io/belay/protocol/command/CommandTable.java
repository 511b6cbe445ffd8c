package io.belay.protocol.command;

import io.belay.protocol.command.impl.CommandTableReader;
import io.belay.protocol.command.impl.KeyFinder;
import io.belay.protocol.command.impl.NameIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The commands a Redis server knows: name, arity, flags, ACL categories, group and where the
 * keys are. {@link #redis7()} is redis-server 7.0's table, generated from the server itself
 * (see {@code protocol/src/build}). Immutable and safe to share between event loops.
 *
 * <p>Lookups follow Redis: names match with ASCII case folding, a client's first argument
 * only ever names a top-level command ({@code CONFIG|GET} sent as a command is unknown), and
 * a container's subcommand is picked by its second argument ({@link #resolve}).
 */
public final class CommandTable {

  private static final String REDIS7_RESOURCE = "redis-commands.tsv";

  private final List<CommandSpec> commands;
  private final NameIndex topLevel;
  private final NameIndex subcommands;

  private CommandTable(List<CommandSpec> commands) {
    this.commands = Collections.unmodifiableList(new ArrayList<>(commands));
    List<CommandSpec> subs = new ArrayList<>();
    for (CommandSpec spec : commands) {
      if (spec.name().indexOf('|') >= 0) {
        throw new IllegalArgumentException("a subcommand is not a top-level command: " + spec.name());
      }
      for (CommandSpec sub : spec.subcommands().values()) {
        if (!sub.name().startsWith(spec.name() + "|")) {
          throw new IllegalArgumentException("subcommand " + sub.name() + " is not named after " + spec.name());
        }
        subs.add(sub);
      }
    }
    this.topLevel = new NameIndex(commands);
    this.subcommands = new NameIndex(subs);
  }

  /** redis-server 7.0's commands, read once from the generated resource. */
  public static CommandTable redis7() {
    return Redis7.TABLE;
  }

  /** A table of these top-level commands (each with its subcommands), e.g. a backend's subset. */
  public static CommandTable of(Collection<CommandSpec> commands) {
    return new CommandTable(List.copyOf(commands));
  }

  /** Reads a table in the generated resource format. */
  public static CommandTable read(InputStream in) throws IOException {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return new CommandTable(CommandTableReader.read(reader));
    }
  }

  /** The top-level command a client's first argument names, in any letter case; {@code null} if unknown. */
  public CommandSpec lookup(byte[] name) {
    return topLevel.get(name);
  }

  /**
   * The command called {@code name} in any letter case, or the subcommand for a Redis
   * subcommand name such as {@code "config|get"}; {@code null} if unknown.
   */
  public CommandSpec lookup(String name) {
    return name.indexOf('|') >= 0 ? subcommands.get(name) : topLevel.get(name);
  }

  /**
   * The spec that governs a command line: the subcommand when {@code args[0]} is a container
   * and {@code args[1]} names one of its subcommands ({@code CONFIG GET} gives
   * {@code config|get}), otherwise the command itself; {@code null} for an unknown command.
   * A container coming back for a line with two or more arguments means an unknown subcommand.
   */
  public CommandSpec resolve(byte[][] args) {
    if (args.length == 0) {
      return null;
    }
    CommandSpec spec = topLevel.get(args[0]);
    if (spec == null || args.length < 2 || !spec.isContainer()) {
      return spec;
    }
    CommandSpec sub = subcommands.get(args[0], args[1]);
    return sub != null ? sub : spec;
  }

  /**
   * Where the keys of {@code args} (the command name at index 0) are, for {@code spec} as
   * {@link #resolve} returned it: Redis 7's key-spec rules, falling back to the legacy
   * first/last/step for a spec without key specs. Empty when there are no keys, or when the
   * arguments are ones the command itself will reject.
   */
  public int[] keyPositions(CommandSpec spec, byte[][] args) {
    return KeyFinder.keyPositions(spec, args);
  }

  /** Every top-level command in table order (by name for {@link #redis7()}); subcommands are in {@link CommandSpec#subcommands()}. */
  public Collection<CommandSpec> all() {
    return commands;
  }

  /** The number of top-level commands, as {@code COMMAND COUNT} counts them. */
  public int size() {
    return commands.size();
  }

  /** Lazy holder: the resource is read on first use, once, and never changes. */
  private static final class Redis7 {
    static final CommandTable TABLE = load();

    private static CommandTable load() {
      InputStream in = CommandTable.class.getResourceAsStream(REDIS7_RESOURCE);
      if (in == null) {
        throw new IllegalStateException("missing resource " + REDIS7_RESOURCE + " next to " + CommandTable.class.getName());
      }
      try {
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + REDIS7_RESOURCE, e);
      }
    }
  }
}
