package io.belay.backends.command;

import io.belay.backends.engine.EvictionPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A backend's configuration parameters, under Redis's names, as CONFIG GET and CONFIG SET
 * see them. Each parameter validates its value with Redis's error wording; a few are fixed
 * after start ({@code port}, {@code databases}, ...), as in Redis.
 */
public final class Settings {

  /** Listener for parameters other components own (persistence, replication). */
  public interface Observer {
    void changed(String name, String value);
  }

  private record Param(String name, Supplier<String> get, Consumer<String> set, boolean mutable) {
  }

  private final Map<String, Param> params = new LinkedHashMap<>();
  private final Map<String, String> aliases = Map.of("slave-read-only", "replica-read-only",
      "slave-serve-stale-data", "replica-serve-stale-data", "slave-priority", "replica-priority",
      "min-slaves-to-write", "min-replicas-to-write", "min-slaves-max-lag", "min-replicas-max-lag",
      "slaveof", "replicaof");
  private final List<Observer> observers = new ArrayList<>();
  private Engine engine;

  private String requirePass;
  private String masterAuth;
  private boolean replicaReadOnly = true;
  private boolean replicaServeStaleData = true;
  private int replicaPriority = 100;
  /** What this replica tells its master to list it as, when NAT or a forwarder stands between them. */
  private String replicaAnnounceIp = "";
  private int replicaAnnouncePort;
  private int minReplicasToWrite;
  private int minReplicasMaxLag = 10;
  private long replBacklogSize = 1024 * 1024;
  private long replBacklogTtl = 3600;
  private long protoMaxBulkLen = 512L * 1024 * 1024;
  private long timeout;
  private int maxClients = 10000;
  private long slowlogSlowerThan = 10000;
  private int slowlogMaxLen = 128;
  private String save = "3600 1 300 100 60 10000";
  private boolean appendOnly;
  private String appendFsync = "everysec";
  private boolean aofLoadTruncated = true;
  private String dir = ".";
  private String dbFilename = "dump.rdb";
  private String appendFilename = "appendonly.aof";
  private String clientOutputBufferLimit = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
  private Map<String, long[]> outputLimits = parseOutputLimits(clientOutputBufferLimit);
  private String logLevel = "notice";
  private final String port;
  private final String bind;
  private final int databases;
  private String pidFile = "";
  private String logFile = "";
  private int hz = 10;

  public Settings(int port, String bind, int databases) {
    this.port = Integer.toString(port);
    this.bind = bind;
    this.databases = databases;
    fixed("port", () -> this.port);
    fixed("bind", () -> this.bind);
    fixed("databases", () -> Integer.toString(this.databases));
    fixed("daemonize", () -> "no");
    param("requirepass", () -> requirePass == null ? "" : requirePass, v -> requirePass = v.isEmpty() ? null : v);
    param("masterauth", () -> masterAuth == null ? "" : masterAuth, v -> masterAuth = v.isEmpty() ? null : v);
    param("maxmemory", () -> Long.toString(engine.evictor().maxMemory()),
        v -> engine.evictor().setMaxMemory(memory("maxmemory", v)));
    param("maxmemory-policy", () -> engine.evictor().policy().redisName(), v -> {
      EvictionPolicy p = EvictionPolicy.fromRedisName(v);
      if (p == null) {
        throw invalid("maxmemory-policy", v, "argument(s) must be one of the following: volatile-lru, volatile-lfu,"
            + " volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
      }
      engine.evictor().setPolicy(p);
    });
    param("maxmemory-samples", () -> Integer.toString(engine.evictor().samples()),
        v -> engine.evictor().setSamples((int) range("maxmemory-samples", v, 1, 64)));
    param("replica-read-only", () -> yesNo(replicaReadOnly), v -> replicaReadOnly = bool("replica-read-only", v));
    param("replica-serve-stale-data", () -> yesNo(replicaServeStaleData),
        v -> replicaServeStaleData = bool("replica-serve-stale-data", v));
    param("replica-priority", () -> Integer.toString(replicaPriority),
        v -> replicaPriority = (int) range("replica-priority", v, 0, Integer.MAX_VALUE));
    param("replica-announce-ip", () -> replicaAnnounceIp, v -> replicaAnnounceIp = v);
    param("replica-announce-port", () -> Integer.toString(replicaAnnouncePort),
        v -> replicaAnnouncePort = (int) range("replica-announce-port", v, 0, 65535));
    param("min-replicas-to-write", () -> Integer.toString(minReplicasToWrite),
        v -> minReplicasToWrite = (int) range("min-replicas-to-write", v, 0, Integer.MAX_VALUE));
    param("min-replicas-max-lag", () -> Integer.toString(minReplicasMaxLag),
        v -> minReplicasMaxLag = (int) range("min-replicas-max-lag", v, 0, Integer.MAX_VALUE));
    param("repl-backlog-size", () -> Long.toString(replBacklogSize),
        v -> replBacklogSize = Math.max(16 * 1024, memory("repl-backlog-size", v)));
    param("repl-backlog-ttl", () -> Long.toString(replBacklogTtl),
        v -> replBacklogTtl = range("repl-backlog-ttl", v, 0, Integer.MAX_VALUE));
    param("proto-max-bulk-len", () -> Long.toString(protoMaxBulkLen),
        v -> protoMaxBulkLen = Math.max(1024 * 1024, memory("proto-max-bulk-len", v)));
    param("timeout", () -> Long.toString(timeout), v -> timeout = range("timeout", v, 0, Integer.MAX_VALUE));
    param("maxclients", () -> Integer.toString(maxClients), v -> maxClients = (int) range("maxclients", v, 1, 1_000_000));
    param("slowlog-log-slower-than", () -> Long.toString(slowlogSlowerThan),
        v -> slowlogSlowerThan = range("slowlog-log-slower-than", v, -1, Long.MAX_VALUE));
    param("slowlog-max-len", () -> Integer.toString(slowlogMaxLen),
        v -> slowlogMaxLen = (int) range("slowlog-max-len", v, 0, Integer.MAX_VALUE));
    param("save", () -> save, v -> save = saveRules(v));
    param("appendonly", () -> yesNo(appendOnly), v -> appendOnly = bool("appendonly", v));
    param("appendfsync", () -> appendFsync, v -> appendFsync = oneOf("appendfsync", v, "always", "everysec", "no"));
    param("aof-load-truncated", () -> yesNo(aofLoadTruncated), v -> aofLoadTruncated = bool("aof-load-truncated", v));
    param("dir", () -> dir, v -> dir = v);
    param("dbfilename", () -> dbFilename, v -> {
      if (v.contains("/")) {
        throw invalid("dbfilename", v, "dbfilename can't be a path, just a filename");
      }
      dbFilename = v;
    });
    param("appendfilename", () -> appendFilename, v -> appendFilename = v);
    param("client-output-buffer-limit", () -> clientOutputBufferLimit, v -> {
      Map<String, long[]> parsed = parseOutputLimits(v);
      clientOutputBufferLimit = v;
      outputLimits = parsed;
    });
    param("loglevel", () -> logLevel, v -> logLevel = oneOf("loglevel", v, "debug", "verbose", "notice", "warning", "nothing"));
    param("pidfile", () -> pidFile, v -> pidFile = v);
    param("logfile", () -> logFile, v -> logFile = v);
    param("hz", () -> Integer.toString(hz), v -> hz = (int) range("hz", v, 1, 500));
  }

  void bind(Engine engine) {
    this.engine = engine;
  }

  public void addObserver(Observer o) {
    observers.add(o);
  }

  /**
   * Adds a parameter another component owns (persistence: rdbcompression, auto-aof-rewrite-*),
   * read and set like the others; {@code set} throws {@link CommandException} to refuse a value.
   */
  public void define(String name, Supplier<String> get, Consumer<String> set) {
    param(name, get, set);
  }

  private void param(String name, Supplier<String> get, Consumer<String> set) {
    params.put(name, new Param(name, get, set, true));
  }

  private void fixed(String name, Supplier<String> get) {
    params.put(name, new Param(name, get, v -> {
      throw new CommandException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - can't set immutable config");
    }, false));
  }

  /** Sets a parameter at start or by CONFIG SET; throws {@link CommandException} with Redis's wording. */
  public void set(String name, String value) {
    String key = canonical(name);
    Param p = params.get(key);
    if (p == null) {
      throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
    }
    p.set.accept(value);
    for (Observer o : observers) {
      o.changed(key, p.get.get());
    }
  }

  /** Sets a parameter at start-up, where immutable ones may still be given. */
  public void setInitial(String name, String value) {
    Param p = params.get(canonical(name));
    if (p == null) {
      throw new IllegalArgumentException("unknown backend parameter '" + name + "'");
    }
    if (p.mutable) {
      set(name, value);
    }
  }

  public String get(String name) {
    Param p = params.get(canonical(name));
    return p == null ? null : p.get.get();
  }

  /** Every parameter whose name matches the glob, name then value, as CONFIG GET lists them. */
  public Map<String, String> matching(String glob, Function<String, java.util.function.Predicate<String>> matcher) {
    Map<String, String> out = new LinkedHashMap<>();
    java.util.function.Predicate<String> m = matcher.apply(glob.toLowerCase(Locale.ROOT));
    for (Param p : params.values()) {
      if (m.test(p.name)) {
        out.put(p.name, p.get.get());
      }
    }
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (m.test(a.getKey()) && params.containsKey(a.getValue())) {
        out.put(a.getKey(), params.get(a.getValue()).get.get());
      }
    }
    return out;
  }

  private String canonical(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return aliases.getOrDefault(lower, lower);
  }

  public String requirePass() {
    return requirePass;
  }

  public String masterAuth() {
    return masterAuth;
  }

  public boolean replicaReadOnly() {
    return replicaReadOnly;
  }

  public boolean replicaServeStaleData() {
    return replicaServeStaleData;
  }

  public int replicaPriority() {
    return replicaPriority;
  }

  /** {@code replica-announce-ip}, or empty: the master sees the connection's address. */
  public String replicaAnnounceIp() {
    return replicaAnnounceIp;
  }

  /** The port a master should list this replica under: {@code replica-announce-port}, or our own. */
  public int announcedPort() {
    return replicaAnnouncePort != 0 ? replicaAnnouncePort : port();
  }

  public int minReplicasToWrite() {
    return minReplicasToWrite;
  }

  public int minReplicasMaxLag() {
    return minReplicasMaxLag;
  }

  public long replBacklogSize() {
    return replBacklogSize;
  }

  public long replBacklogTtl() {
    return replBacklogTtl;
  }

  public long protoMaxBulkLen() {
    return protoMaxBulkLen;
  }

  public long timeout() {
    return timeout;
  }

  public int maxClients() {
    return maxClients;
  }

  public long slowlogSlowerThan() {
    return slowlogSlowerThan;
  }

  public int slowlogMaxLen() {
    return slowlogMaxLen;
  }

  public String save() {
    return save;
  }

  public boolean appendOnly() {
    return appendOnly;
  }

  public String appendFsync() {
    return appendFsync;
  }

  public boolean aofLoadTruncated() {
    return aofLoadTruncated;
  }

  public String dir() {
    return dir;
  }

  public String dbFilename() {
    return dbFilename;
  }

  public String appendFilename() {
    return appendFilename;
  }

  public String clientOutputBufferLimit() {
    return clientOutputBufferLimit;
  }

  /**
   * {hard bytes, soft bytes, soft seconds} of client-output-buffer-limit for a client class
   * ({@code normal}, {@code replica}, {@code pubsub}); 0 means no limit.
   */
  public long[] outputBufferLimit(String clientClass) {
    return outputLimits.getOrDefault(clientClass, NO_LIMIT);
  }

  private static final long[] NO_LIMIT = {0, 0, 0};

  private static Map<String, long[]> parseOutputLimits(String value) {
    String[] parts = value.trim().split("\\s+");
    if (parts.length % 4 != 0) {
      throw invalid("client-output-buffer-limit", value, "Wrong number of arguments in buffer limit configuration.");
    }
    Map<String, long[]> out = new java.util.HashMap<>();
    for (int i = 0; i < parts.length; i += 4) {
      String name = parts[i].equals("slave") ? "replica" : parts[i];
      if (!List.of("normal", "replica", "pubsub").contains(name)) {
        throw invalid("client-output-buffer-limit", value, "Invalid client class specified in buffer limit configuration.");
      }
      try {
        out.put(name, new long[] {memory("client-output-buffer-limit", parts[i + 1]),
            memory("client-output-buffer-limit", parts[i + 2]), Long.parseLong(parts[i + 3])});
      } catch (NumberFormatException e) {
        throw invalid("client-output-buffer-limit", value, "Error in soft_seconds setting in buffer limit configuration.");
      }
    }
    return out;
  }

  public int port() {
    return Integer.parseInt(port);
  }

  public int databases() {
    return databases;
  }

  public int hz() {
    return hz;
  }

  // ---- value parsing with Redis's errors -------------------------------------------------

  private static CommandException invalid(String name, String value, String reason) {
    return new CommandException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  private static boolean bool(String name, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw invalid(name, v, "argument must be 'yes' or 'no'");
    };
  }

  private static String oneOf(String name, String v, String... allowed) {
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw invalid(name, v, "argument(s) must be one of the following: " + String.join(", ", allowed));
  }

  private static long range(String name, String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw invalid(name, v, "argument couldn't be parsed into an integer");
    }
    if (n < min || n > max) {
      throw invalid(name, v, "argument must be between " + min + " and " + max + " inclusive");
    }
    return n;
  }

  /** Redis memory units: 1k=1000, 1kb=1024, m, mb, g, gb; case-insensitive. */
  public static long memory(String name, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long mul = 1;
    String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
        {"g", "1000000000"}, {"b", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        mul = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw invalid(name, v, "argument must be a memory value");
      }
      return Math.multiplyExact(n, mul);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(name, v, "argument must be a memory value");
    }
  }

  private static String saveRules(String v) {
    String trimmed = v.trim();
    if (trimmed.isEmpty()) {
      return "";
    }
    String[] parts = trimmed.split("\\s+");
    if (parts.length % 2 != 0) {
      throw invalid("save", v, "Invalid save parameters");
    }
    for (String p : parts) {
      try {
        if (Long.parseLong(p) < 0) {
          throw invalid("save", v, "Invalid save parameters");
        }
      } catch (NumberFormatException e) {
        throw invalid("save", v, "Invalid save parameters");
      }
    }
    return String.join(" ", parts);
  }
}
