package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Keyspace;
import io.belay.protocol.Glob;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.KeySpec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** INFO, CONFIG, COMMAND, TIME, DEBUG, SLOWLOG and SHUTDOWN. */
final class ServerCommands {

  private final Engine engine;
  private final Keyspace keyspace;
  private final String runId;

  ServerCommands(Engine engine) {
    this.engine = engine;
    this.keyspace = engine.keyspace();
    this.runId = randomHex(40);
    engine.addInfoSection(new Builtin("server", this::server));
    engine.addInfoSection(new Builtin("clients", this::clients));
    engine.addInfoSection(new Builtin("memory", this::memory));
    engine.addInfoSection(new Builtin("stats", this::stats));
    engine.addInfoSection(new Builtin("cpu", this::cpu));
    engine.addInfoSection(new InfoSection() {
      @Override
      public String name() {
        return "commandstats";
      }

      @Override
      public void write(StringBuilder out) {
        commandstats(out);
      }

      @Override
      public boolean isDefault() {
        return false;
      }
    });
    engine.addInfoSection(new Builtin("keyspace", this::keyspace));
  }

  private record Builtin(String name, java.util.function.Consumer<StringBuilder> writer) implements InfoSection {
    @Override
    public void write(StringBuilder out) {
      writer.accept(out);
    }
  }

  public String runId() {
    return runId;
  }

  void register(CommandRegistry r) {
    r.add("info", this::info);
    r.add("config", this::config);
    r.add("command", this::command);
    r.add("time", this::time);
    r.add("debug", this::debug);
    r.add("slowlog", this::slowlog);
    r.add("shutdown", this::shutdown);
    r.add("memory", this::memoryCommand);
  }

  // ---- INFO ------------------------------------------------------------------------------

  private void info(Client c, byte[][] args) {
    List<String> wanted = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      wanted.add(Args.lower(args[i]));
    }
    boolean everything = wanted.contains("all") || wanted.contains("everything");
    boolean defaults = wanted.isEmpty() || wanted.contains("default");
    StringBuilder sb = new StringBuilder(4096);
    for (InfoSection s : engine.infoSections()) {
      if (everything || (defaults && s.isDefault()) || wanted.contains(s.name())) {
        if (sb.length() > 0) {
          sb.append("\r\n");
        }
        sb.append("# ").append(Character.toUpperCase(s.name().charAt(0))).append(s.name().substring(1)).append("\r\n");
        s.write(sb);
      }
    }
    c.out.verbatim("txt", sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void server(StringBuilder sb) {
    long uptime = (System.currentTimeMillis() - engine.stats().startedAt) / 1000;
    sb.append(InfoSection.line("redis_version", ConnectionCommands.REDIS_VERSION))
        .append(InfoSection.line("belay_version", "0.1.0"))
        .append(InfoSection.line("redis_mode", "standalone"))
        .append(InfoSection.line("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch")))
        .append(InfoSection.line("arch_bits", "64"))
        .append(InfoSection.line("multiplexing_api", "epoll"))
        .append(InfoSection.line("process_id", ProcessHandle.current().pid()))
        .append(InfoSection.line("run_id", runId))
        .append(InfoSection.line("tcp_port", engine.settings().port()))
        .append(InfoSection.line("server_time_usec", System.currentTimeMillis() * 1000))
        .append(InfoSection.line("uptime_in_seconds", uptime))
        .append(InfoSection.line("uptime_in_days", uptime / 86400))
        .append(InfoSection.line("hz", engine.settings().hz()))
        .append(InfoSection.line("configured_hz", engine.settings().hz()))
        .append(InfoSection.line("executable", "belay"))
        .append(InfoSection.line("config_file", ""));
  }

  private void clients(StringBuilder sb) {
    int blocked = engine.blocking().blockedClients();
    long pubsub = engine.clients().stream().filter(Client::isSubscriber).count();
    sb.append(InfoSection.line("connected_clients", engine.clients().size()))
        .append(InfoSection.line("maxclients", engine.settings().maxClients()))
        .append(InfoSection.line("blocked_clients", blocked))
        .append(InfoSection.line("pubsub_clients", pubsub))
        .append(InfoSection.line("watching_clients", engine.clients().stream().filter(x -> !x.watched.isEmpty()).count()))
        .append(InfoSection.line("tracking_clients", 0));
  }

  private void memory(StringBuilder sb) {
    long used = keyspace.usedMemory();
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    sb.append(InfoSection.line("used_memory", used))
        .append(InfoSection.line("used_memory_human", human(used)))
        .append(InfoSection.line("used_memory_dataset", used))
        .append(InfoSection.line("used_memory_heap", heap))
        .append(InfoSection.line("used_memory_heap_human", human(heap)))
        .append(InfoSection.line("used_memory_rss", rss()))
        .append(InfoSection.line("maxmemory", engine.evictor().maxMemory()))
        .append(InfoSection.line("maxmemory_human", human(engine.evictor().maxMemory())))
        .append(InfoSection.line("maxmemory_policy", engine.evictor().policy().redisName()))
        .append(InfoSection.line("mem_allocator", "jvm"));
  }

  private static long rss() {
    try {
      String statm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm"));
      return Long.parseLong(statm.split(" ")[1]) * 4096;
    } catch (Exception e) {
      return 0;
    }
  }

  private void stats(StringBuilder sb) {
    ServerStats s = engine.stats();
    Keyspace.Stats k = keyspace.stats();
    sb.append(InfoSection.line("total_connections_received", s.connectionsReceived))
        .append(InfoSection.line("total_commands_processed", s.commandsProcessed))
        .append(InfoSection.line("instantaneous_ops_per_sec", 0))
        .append(InfoSection.line("total_net_input_bytes", s.netInputBytes))
        .append(InfoSection.line("total_net_output_bytes", s.netOutputBytes))
        .append(InfoSection.line("rejected_connections", s.rejectedConnections))
        .append(InfoSection.line("sync_full", s.syncFull))
        .append(InfoSection.line("sync_partial_ok", s.syncPartialOk))
        .append(InfoSection.line("sync_partial_err", s.syncPartialErr))
        .append(InfoSection.line("expired_keys", k.expiredKeys))
        .append(InfoSection.line("evicted_keys", k.evictedKeys))
        .append(InfoSection.line("keyspace_hits", k.keyspaceHits))
        .append(InfoSection.line("keyspace_misses", k.keyspaceMisses))
        .append(InfoSection.line("pubsub_channels", engine.pubsub().channelCount()))
        .append(InfoSection.line("pubsub_patterns", engine.pubsub().patternCount()))
        .append(InfoSection.line("total_error_replies", s.rejectedCalls));
  }

  private void cpu(StringBuilder sb) {
    double cpu = 0;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = os.getProcessCpuTime() / 1e9;
    }
    sb.append(InfoSection.line("used_cpu_sys", String.format(Locale.ROOT, "%.6f", cpu * 0.3)))
        .append(InfoSection.line("used_cpu_user", String.format(Locale.ROOT, "%.6f", cpu * 0.7)));
  }

  private void commandstats(StringBuilder sb) {
    Map<String, CommandRegistry.Entry> sorted = new TreeMap<>();
    for (CommandRegistry.Entry e : engine.registry().entries()) {
      if (e.calls + e.rejectedCalls + e.failedCalls > 0) {
        sorted.put(e.spec().name(), e);
      }
    }
    for (Map.Entry<String, CommandRegistry.Entry> e : sorted.entrySet()) {
      CommandRegistry.Entry x = e.getValue();
      sb.append("cmdstat_").append(e.getKey()).append(":calls=").append(x.calls).append(",usec=").append(x.micros)
          .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", x.calls == 0 ? 0.0 : (double) x.micros / x.calls))
          .append(",rejected_calls=").append(x.rejectedCalls).append(",failed_calls=").append(x.failedCalls).append("\r\n");
    }
  }

  private void keyspace(StringBuilder sb) {
    for (int i = 0; i < keyspace.databaseCount(); i++) {
      Database db = keyspace.db(i);
      if (db.size() > 0) {
        sb.append("db").append(i).append(":keys=").append(db.size()).append(",expires=").append(db.volatileSize())
            .append(",avg_ttl=0\r\n");
      }
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    String[] units = {"K", "M", "G", "T"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
  }

  // ---- CONFIG ----------------------------------------------------------------------------

  private void config(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    switch (sub) {
      case "get" -> {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
          out.putAll(engine.settings().matching(Args.str(args[i]), glob -> name -> Glob.matches(glob, name)));
        }
        c.out.mapHeader(out.size());
        out.forEach((k, v) -> c.out.bulk(k).bulk(v));
      }
      case "set" -> {
        if (args.length < 4 || args.length % 2 != 0) {
          throw Errors.wrongArity("config|set");
        }
        for (int i = 2; i < args.length; i += 2) {
          engine.settings().set(Args.str(args[i]), Args.str(args[i + 1]));
        }
        c.out.ok();
      }
      case "resetstat" -> {
        engine.registry().resetStats();
        c.out.ok();
      }
      case "rewrite" -> throw new CommandException("ERR The server is running without a config file");
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try CONFIG HELP.");
    }
  }

  // ---- COMMAND ---------------------------------------------------------------------------

  private void command(Client c, byte[][] args) {
    if (args.length == 1) {
      List<CommandSpec> all = served();
      c.out.arrayHeader(all.size());
      for (CommandSpec s : all) {
        writeInfo(c, s);
      }
      return;
    }
    String sub = Args.lower(args[1]);
    switch (sub) {
      case "count" -> c.out.integer(served().size());
      case "list" -> {
        List<CommandSpec> all = served();
        c.out.arrayHeader(all.size());
        for (CommandSpec s : all) {
          c.out.bulk(s.name());
        }
      }
      case "info" -> {
        if (args.length == 2) {
          List<CommandSpec> all = served();
          c.out.arrayHeader(all.size());
          for (CommandSpec s : all) {
            writeInfo(c, s);
          }
          return;
        }
        c.out.arrayHeader(args.length - 2);
        for (int i = 2; i < args.length; i++) {
          CommandRegistry.Entry e = engine.registry().lookup(args[i]);
          if (e == null) {
            c.out.nullArray();
          } else {
            writeInfo(c, e.spec());
          }
        }
      }
      case "docs" -> {
        List<CommandSpec> specs = new ArrayList<>();
        if (args.length == 2) {
          specs.addAll(served());
        } else {
          for (int i = 2; i < args.length; i++) {
            CommandRegistry.Entry e = engine.registry().lookup(args[i]);
            if (e != null) {
              specs.add(e.spec());
            }
          }
        }
        c.out.mapHeader(specs.size());
        for (CommandSpec s : specs) {
          c.out.bulk(s.name());
          c.out.mapHeader(1).bulk("group").bulk(s.group());
        }
      }
      case "getkeys" -> {
        byte[][] cmd = java.util.Arrays.copyOfRange(args, 2, args.length);
        CommandRegistry.Entry e = engine.registry().lookup(cmd[0]);
        if (e == null) {
          throw new CommandException("ERR Invalid command specified");
        }
        if (!e.spec().acceptsArgumentCount(cmd.length)) {
          throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        int[] positions = engine.registry().table().keyPositions(engine.registry().table().resolve(cmd), cmd);
        if (positions.length == 0) {
          throw new CommandException("ERR The command has no key arguments");
        }
        c.out.arrayHeader(positions.length);
        for (int p : positions) {
          c.out.bulk(cmd[p]);
        }
      }
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try COMMAND HELP.");
    }
  }

  private List<CommandSpec> served() {
    List<CommandSpec> out = new ArrayList<>();
    for (CommandRegistry.Entry e : engine.registry().entries()) {
      out.add(e.spec());
    }
    return out;
  }

  private void writeInfo(Client c, CommandSpec s) {
    c.out.arrayHeader(10);
    c.out.bulk(s.name()).integer(s.arity());
    c.out.setHeader(s.flags().size());
    s.flags().forEach(f -> c.out.simpleString(f.redisName()));
    c.out.integer(s.firstKey()).integer(s.lastKey()).integer(s.step());
    c.out.setHeader(s.aclCategories().size());
    s.aclCategories().forEach(a -> c.out.simpleString("@" + a));
    c.out.setHeader(0);
    c.out.arrayHeader(s.keySpecs().size());
    for (KeySpec k : s.keySpecs()) {
      writeKeySpec(c, k);
    }
    c.out.arrayHeader(s.subcommands().size());
    for (CommandSpec sub : s.subcommands().values()) {
      writeInfo(c, sub);
    }
  }

  private static void writeKeySpec(Client c, KeySpec k) {
    c.out.mapHeader(3);
    c.out.bulk("flags").setHeader(k.flags().size());
    k.flags().forEach(c.out::simpleString);
    c.out.bulk("begin_search");
    if (k.begin() instanceof KeySpec.BeginSearch.Index i) {
      c.out.mapHeader(2).bulk("type").bulk("index").bulk("spec").mapHeader(1).bulk("index").integer(i.index());
    } else if (k.begin() instanceof KeySpec.BeginSearch.Keyword kw) {
      c.out.mapHeader(2).bulk("type").bulk("keyword").bulk("spec").mapHeader(2).bulk("keyword").bulk(kw.keyword())
          .bulk("startfrom").integer(kw.startFrom());
    } else {
      c.out.mapHeader(2).bulk("type").bulk("unknown").bulk("spec").mapHeader(0);
    }
    c.out.bulk("find_keys");
    if (k.find() instanceof KeySpec.FindKeys.Range r) {
      c.out.mapHeader(2).bulk("type").bulk("range").bulk("spec").mapHeader(3).bulk("lastkey").integer(r.lastKey())
          .bulk("keystep").integer(r.step()).bulk("limit").integer(r.limit());
    } else if (k.find() instanceof KeySpec.FindKeys.KeyNum n) {
      c.out.mapHeader(2).bulk("type").bulk("keynum").bulk("spec").mapHeader(3).bulk("keynumidx")
          .integer(n.keyNumIndex()).bulk("firstkey").integer(n.firstKey()).bulk("keystep").integer(n.step());
    } else {
      c.out.mapHeader(2).bulk("type").bulk("unknown").bulk("spec").mapHeader(0);
    }
  }

  // ---- misc ------------------------------------------------------------------------------

  private void time(Client c, byte[][] args) {
    long micros = java.time.Instant.now().toEpochMilli() * 1000 + (System.nanoTime() / 1000) % 1000;
    c.out.arrayHeader(2).bulk(Long.toString(micros / 1_000_000)).bulk(Long.toString(micros % 1_000_000));
  }

  private void debug(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    switch (sub) {
      case "sleep" -> {
        if (args.length != 3) {
          throw Errors.wrongArity("debug");
        }
        double seconds = Args.toDouble(args[2]);
        try {
          // DEBUG SLEEP blocks the whole server on purpose: tests use it to simulate a stall.
          Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        c.out.ok();
      }
      case "set-active-expire" -> c.out.ok();
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try DEBUG HELP.");
    }
  }

  private void slowlog(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    SlowLog log = engine.slowLog();
    switch (sub) {
      case "get" -> {
        long count = args.length > 2 ? Args.toLong(args[2]) : 10;
        if (count < -1) {
          throw new CommandException("ERR count should be greater than or equal to -1");
        }
        log.write(c, count == -1 ? Integer.MAX_VALUE : (int) Math.min(count, Integer.MAX_VALUE));
      }
      case "len" -> c.out.integer(log.size());
      case "reset" -> {
        log.reset();
        c.out.ok();
      }
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try SLOWLOG HELP.");
    }
  }

  private void shutdown(Client c, byte[][] args) {
    boolean save = engine.settings().save().length() > 0;
    for (int i = 1; i < args.length; i++) {
      if (Args.is(args[i], "nosave")) {
        save = false;
      } else if (Args.is(args[i], "save")) {
        save = true;
      } else if (!Args.is(args[i], "now") && !Args.is(args[i], "force") && !Args.is(args[i], "abort")) {
        throw Errors.syntax();
      }
    }
    engine.shutdown(save);
  }

  private void memoryCommand(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    if (sub.equals("usage") && args.length >= 3) {
      io.belay.backends.engine.RObject o = keyspace.db(c.db).peek(args[2]);
      if (o == null) {
        c.out.nullBulk();
      } else {
        c.out.integer(o.accountedBytes());
      }
      return;
    }
    throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try MEMORY HELP.");
  }

  private static String randomHex(int n) {
    java.security.SecureRandom r = new java.security.SecureRandom();
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }
}
