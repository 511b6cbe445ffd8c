package io.belay.routing;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A slice of redis-server 7.0's command table, in the format of the protocol module's generated
 * resource, for tests that must not depend on the whole table.
 */
public final class TestCommands {

  private static final String[] LINES = {
      "auth\t-2\tnoscript,loading,stale,fast,no_auth,allow_busy\t0\t0\t0\t-",
      "blpop\t-3\twrite,noscript,blocking\t1\t-2\t1\tRW,access,delete|index:1|range:-2,1,0",
      "client\t-2\t-\t0\t0\t0\t-",
      "client|getname\t2\tnoscript,loading,stale\t0\t0\t0\t-",
      "client|id\t2\tnoscript,loading,stale\t0\t0\t0\t-",
      "client|info\t2\tnoscript,loading,stale\t0\t0\t0\t-",
      "client|kill\t-3\tadmin,noscript,loading,stale\t0\t0\t0\t-",
      "client|setname\t3\tnoscript,loading,stale\t0\t0\t0\t-",
      "command\t-1\tloading,stale\t0\t0\t0\t-",
      "command|count\t2\tloading,stale\t0\t0\t0\t-",
      "command|info\t-2\tloading,stale\t0\t0\t0\t-",
      "config\t-2\t-\t0\t0\t0\t-",
      "config|get\t-3\tadmin,noscript,loading,stale\t0\t0\t0\t-",
      "dbsize\t1\treadonly,fast\t0\t0\t0\t-",
      "discard\t1\tnoscript,loading,stale,fast,allow_busy\t0\t0\t0\t-",
      "echo\t2\tloading,stale,fast\t0\t0\t0\t-",
      "eval\t-3\tnoscript,stale,skip_monitor,no_mandatory_keys,movablekeys\t0\t0\t0"
          + "\tRW,access,update|index:2|keynum:0,1,1",
      "eval_ro\t-3\treadonly,noscript,stale,skip_monitor,no_mandatory_keys,movablekeys\t0\t0\t0"
          + "\tRO,access|index:2|keynum:0,1,1",
      "evalsha\t-3\tnoscript,stale,skip_monitor,no_mandatory_keys,movablekeys\t0\t0\t0"
          + "\tRW,access,update|index:2|keynum:0,1,1",
      "evalsha_ro\t-3\treadonly,noscript,stale,skip_monitor,no_mandatory_keys,movablekeys\t0\t0\t0"
          + "\tRO,access|index:2|keynum:0,1,1",
      "exec\t1\tnoscript,loading,stale,skip_slowlog\t0\t0\t0\t-",
      "fcall\t-3\tnoscript,stale,skip_monitor,no_mandatory_keys,movablekeys\t0\t0\t0"
          + "\tRW,access,update|index:2|keynum:0,1,1",
      "fcall_ro\t-3\treadonly,noscript,stale,skip_monitor,no_mandatory_keys,movablekeys\t0\t0\t0"
          + "\tRO,access|index:2|keynum:0,1,1",
      "flushall\t-1\twrite\t0\t0\t0\t-",
      "get\t2\treadonly,fast\t1\t1\t1\tRO,access|index:1|range:0,1,0",
      "hello\t-1\tnoscript,loading,stale,fast,no_auth,allow_busy\t0\t0\t0\t-",
      "hgetall\t2\treadonly\t1\t1\t1\tRO,access|index:1|range:0,1,0",
      "incr\t2\twrite,denyoom,fast\t1\t1\t1\tRW,access,update|index:1|range:0,1,0",
      "info\t-1\tloading,stale\t0\t0\t0\t-",
      "lmpop\t-4\twrite,movablekeys\t0\t0\t0\tRW,access,delete|index:1|keynum:0,1,1",
      "mget\t-2\treadonly,fast\t1\t-1\t1\tRO,access|index:1|range:-1,1,0",
      "multi\t1\tnoscript,loading,stale,fast,allow_busy\t0\t0\t0\t-",
      "object\t-2\t-\t0\t0\t0\t-",
      "object|encoding\t3\treadonly\t2\t2\t1\tRO|index:2|range:0,1,0",
      "ping\t-1\tfast\t0\t0\t0\t-",
      "psubscribe\t-2\tpubsub,noscript,loading,stale\t0\t0\t0\t-",
      "publish\t3\tpubsub,loading,stale,fast\t0\t0\t0\t-",
      "quit\t-1\tnoscript,loading,stale,fast,no_auth,allow_busy\t0\t0\t0\t-",
      "reset\t1\tnoscript,loading,stale,fast,no_auth,allow_busy\t0\t0\t0\t-",
      "scan\t-2\treadonly\t0\t0\t0\t-",
      "select\t2\tloading,stale,fast\t0\t0\t0\t-",
      "set\t-3\twrite,denyoom\t1\t1\t1\tRW,access,update,variable_flags|index:1|range:0,1,0",
      "sintercard\t-3\treadonly,movablekeys\t0\t0\t0\tRO,access|index:1|keynum:0,1,1",
      "sort\t-2\twrite,denyoom,movablekeys\t1\t1\t1\tRO,access|index:1|range:0,1,0"
          + " RO,access|unknown|unknown OW,update|unknown|unknown",
      "sort_ro\t-2\treadonly,movablekeys\t1\t1\t1\tRO,access|index:1|range:0,1,0"
          + " RO,access|unknown|unknown",
      "spublish\t3\tpubsub,loading,stale,fast\t1\t1\t1\tnot_key|index:1|range:0,1,0",
      "ssubscribe\t-2\tpubsub,noscript,loading,stale\t1\t-1\t1\tnot_key|index:1|range:-1,1,0",
      "subscribe\t-2\tpubsub,noscript,loading,stale\t0\t0\t0\t-",
      "unsubscribe\t-1\tpubsub,noscript,loading,stale\t0\t0\t0\t-",
      "unwatch\t1\tnoscript,loading,stale,fast,allow_busy\t0\t0\t0\t-",
      "wait\t3\tnoscript\t0\t0\t0\t-",
      "watch\t-2\tnoscript,loading,stale,fast,allow_busy\t1\t-1\t1\tRO|index:1|range:-1,1,0",
      "xadd\t-5\twrite,denyoom,fast\t1\t1\t1\tRW,update|index:1|range:0,1,0",
      "xread\t-4\treadonly,blocking,movablekeys\t0\t0\t0"
          + "\tRO,access|keyword:STREAMS:1|range:-1,1,2",
      "xreadgroup\t-7\twrite,blocking,movablekeys\t0\t0\t0"
          + "\tRO,access|keyword:STREAMS:4|range:-1,1,2",
      "zunion\t-3\treadonly,movablekeys\t0\t0\t0\tRO,access|index:1|keynum:0,1,1",
  };

  private static final Map<String, CommandSpec> TOP_LEVEL = load();

  private TestCommands() {
  }

  /** The spec governing a command line, as {@code CommandTable.resolve} picks it. */
  public static CommandSpec resolve(byte[][] args) {
    CommandSpec spec = TOP_LEVEL.get(lower(args[0]));
    if (spec == null || args.length < 2 || !spec.isContainer()) {
      return spec;
    }
    CommandSpec sub = spec.subcommands().get(lower(args[1]));
    return sub != null ? sub : spec;
  }

  /** The top-level spec for a name, or {@code null}. */
  public static CommandSpec top(String name) {
    return TOP_LEVEL.get(name);
  }

  public static byte[][] args(String... words) {
    byte[][] args = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      args[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return args;
  }

  /** A spec built by hand, for shapes the real table does not have. */
  public static CommandSpec spec(String name, int arity, Set<CommandFlag> flags, List<KeySpec> keySpecs) {
    return new CommandSpec(name, arity, flags, 0, 0, 0, List.of(), keySpecs, "test", Map.of());
  }

  private static Map<String, CommandSpec> load() {
    Map<String, List<CommandSpec>> subs = new HashMap<>();
    List<CommandSpec> parsed = new ArrayList<>();
    for (String line : LINES) {
      CommandSpec spec = parse(line);
      int bar = spec.name().indexOf('|');
      if (bar < 0) {
        parsed.add(spec);
      } else {
        subs.computeIfAbsent(spec.name().substring(0, bar), k -> new ArrayList<>()).add(spec);
      }
    }
    Map<String, CommandSpec> byName = new HashMap<>();
    for (CommandSpec spec : parsed) {
      Map<String, CommandSpec> children = new HashMap<>();
      for (CommandSpec sub : subs.getOrDefault(spec.name(), List.of())) {
        children.put(sub.name().substring(spec.name().length() + 1), sub);
      }
      byName.put(spec.name(), new CommandSpec(spec.name(), spec.arity(), spec.flags(),
          spec.firstKey(), spec.lastKey(), spec.step(), List.of(), spec.keySpecs(), "test",
          Map.copyOf(children)));
    }
    return Map.copyOf(byName);
  }

  private static CommandSpec parse(String line) {
    String[] f = line.split("\t");
    Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    if (!f[2].equals("-")) {
      for (String flag : f[2].split(",")) {
        flags.add(CommandFlag.fromRedisName(flag));
      }
    }
    List<KeySpec> keySpecs = new ArrayList<>();
    if (!f[6].equals("-")) {
      for (String text : f[6].split(" ")) {
        keySpecs.add(keySpec(text));
      }
    }
    return new CommandSpec(f[0], Integer.parseInt(f[1]), flags, Integer.parseInt(f[3]),
        Integer.parseInt(f[4]), Integer.parseInt(f[5]), List.of(), keySpecs, "test", Map.of());
  }

  private static KeySpec keySpec(String text) {
    String[] parts = text.split("\\|");
    Set<String> flags = new LinkedHashSet<>(Arrays.asList(parts[0].split(",")));
    KeySpec.BeginSearch begin;
    String[] b = parts[1].split(":");
    if (b[0].equals("index")) {
      begin = new KeySpec.BeginSearch.Index(Integer.parseInt(b[1]));
    } else if (b[0].equals("keyword")) {
      begin = new KeySpec.BeginSearch.Keyword(b[1], Integer.parseInt(b[2]));
    } else {
      begin = new KeySpec.BeginSearch.Unknown();
    }
    KeySpec.FindKeys find;
    String[] k = parts[2].split(":");
    if (k[0].equals("range")) {
      int[] n = numbers(k[1]);
      find = new KeySpec.FindKeys.Range(n[0], n[1], n[2]);
    } else if (k[0].equals("keynum")) {
      int[] n = numbers(k[1]);
      find = new KeySpec.FindKeys.KeyNum(n[0], n[1], n[2]);
    } else {
      find = new KeySpec.FindKeys.Unknown();
    }
    return new KeySpec(flags, begin, find);
  }

  private static int[] numbers(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static String lower(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
  }
}
