package io.belay.protocol.command.impl;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.KeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the command table resource written by {@code src/build/generate-command-table.py}:
 * one tab-separated line per command and per subcommand ({@code name arity flags first last
 * step acl group keyspecs}), {@code #} comments, {@code -} for an empty list. The format is
 * described in the generator. A malformed line is a build defect, so it fails loudly.
 */
public final class CommandTableReader {

  private static final int FIELDS = 9;

  private CommandTableReader() {
  }

  /** The top-level commands, in file order, each with its subcommands. */
  public static List<CommandSpec> read(BufferedReader in) throws IOException {
    Map<String, CommandSpec> containers = new LinkedHashMap<>();
    Map<String, Map<String, CommandSpec>> subcommands = new LinkedHashMap<>();
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      CommandSpec spec;
      try {
        spec = parse(line);
      } catch (RuntimeException e) {
        throw new IllegalStateException("command table line " + number + ": " + e.getMessage() + ": " + line, e);
      }
      int bar = spec.name().indexOf('|');
      if (bar < 0) {
        containers.put(spec.name(), spec);
      } else {
        String container = spec.name().substring(0, bar);
        if (!containers.containsKey(container)) {
          throw new IllegalStateException("command table line " + number + ": subcommand before its container: " + line);
        }
        subcommands.computeIfAbsent(container, k -> new LinkedHashMap<>()).put(spec.name().substring(bar + 1), spec);
      }
    }
    List<CommandSpec> out = new ArrayList<>(containers.size());
    for (CommandSpec spec : containers.values()) {
      Map<String, CommandSpec> subs = subcommands.get(spec.name());
      out.add(subs == null ? spec : withSubcommands(spec, subs));
    }
    return Collections.unmodifiableList(out);
  }

  private static CommandSpec withSubcommands(CommandSpec spec, Map<String, CommandSpec> subs) {
    return new CommandSpec(spec.name(), spec.arity(), spec.flags(), spec.firstKey(), spec.lastKey(), spec.step(),
        spec.aclCategories(), spec.keySpecs(), spec.group(), Collections.unmodifiableMap(subs));
  }

  private static CommandSpec parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != FIELDS) {
      throw new IllegalArgumentException("expected " + FIELDS + " fields, found " + f.length);
    }
    Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    for (String name : list(f[2])) {
      CommandFlag flag = CommandFlag.fromRedisName(name);
      if (flag == null) {
        throw new IllegalArgumentException("unknown command flag '" + name + "'");
      }
      flags.add(flag);
    }
    List<KeySpec> keySpecs = new ArrayList<>();
    if (!f[8].equals("-")) {
      for (String spec : f[8].split(" ")) {
        keySpecs.add(keySpec(spec));
      }
    }
    return new CommandSpec(f[0], Integer.parseInt(f[1]), Collections.unmodifiableSet(flags),
        Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), List.copyOf(list(f[6])),
        List.copyOf(keySpecs), f[7].equals("-") ? "" : f[7], Map.of());
  }

  private static KeySpec keySpec(String text) {
    String[] parts = text.split("\\|", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("key spec '" + text + "' is not flags|begin|find");
    }
    Set<String> flags = Collections.unmodifiableSet(new LinkedHashSet<>(list(parts[0])));
    return new KeySpec(flags, begin(parts[1]), find(parts[2]));
  }

  private static KeySpec.BeginSearch begin(String text) {
    String[] p = text.split(":", -1);
    if (p[0].equals("index") && p.length == 2) {
      return new KeySpec.BeginSearch.Index(Integer.parseInt(p[1]));
    }
    if (p[0].equals("keyword") && p.length == 3) {
      return new KeySpec.BeginSearch.Keyword(p[1], Integer.parseInt(p[2]));
    }
    if (p[0].equals("unknown") && p.length == 1) {
      return new KeySpec.BeginSearch.Unknown();
    }
    throw new IllegalArgumentException("unknown begin search '" + text + "'");
  }

  private static KeySpec.FindKeys find(String text) {
    if (text.equals("unknown")) {
      return new KeySpec.FindKeys.Unknown();
    }
    int colon = text.indexOf(':');
    String[] n = colon < 0 ? new String[0] : text.substring(colon + 1).split(",", -1);
    if (n.length == 3 && text.startsWith("range:")) {
      return new KeySpec.FindKeys.Range(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]));
    }
    if (n.length == 3 && text.startsWith("keynum:")) {
      return new KeySpec.FindKeys.KeyNum(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]));
    }
    throw new IllegalArgumentException("unknown find keys '" + text + "'");
  }

  private static List<String> list(String field) {
    return field.equals("-") ? List.of() : Arrays.asList(field.split(","));
  }
}
