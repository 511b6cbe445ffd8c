package io.belay.ops.cli;

import io.belay.ops.ExitCodes;
import io.belay.ops.Launcher;
import io.belay.ops.config.AppendFsync;
import io.belay.ops.config.BackendOverrides;
import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.ByteSize;
import io.belay.ops.config.ConfigException;
import io.belay.ops.config.ConfigLoader;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.MaxMemoryPolicy;
import io.belay.ops.config.Ports;
import io.belay.ops.config.SaveSchedule;
import io.belay.ops.config.Secret;
import io.belay.ops.logging.LogFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code belay backend}: one standalone embedded backend, flag for flag a redis-server. Values
 * come from the defaults, then {@code --config}, then the flags; the flags win.
 */
@Command(
    name = "backend",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    abbreviateSynopsis = true,
    description = {
      "One standalone embedded backend, a drop-in for redis-server.",
      "",
      "Speaks RESP like redis-server: REPLICAOF/SLAVEOF, INFO replication, read-only replicas, "
          + "SHUTDOWN. Flags use redis.conf's names and defaults.",
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped normally, or help printed",
      "1:failed while running (see the log)",
      "2:bad flag or configuration; nothing started",
    })
final class BackendCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", converter = Converters.FilePath.class,
      description = "YAML file with any of the settings below, keyed by their redis.conf names "
          + "(port: 6380, maxmemory-policy: allkeys-lru). Flags given here override it.")
  Path config;

  @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class,
      description = "TCP port for clients. Default: " + BackendSettings.DEFAULT_PORT + ".")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDRESS", converter = Converters.BindAddress.class,
      description = "Address to listen on. Default: " + BackendSettings.DEFAULT_BIND + ".")
  String bind;

  @Option(names = "--dir", paramLabel = "DIR", converter = Converters.FilePath.class,
      description = "Working directory for the snapshot and the append-only file. Default: "
          + "the current directory.")
  Path dir;

  @Option(names = "--dbfilename", paramLabel = "NAME", converter = Converters.FileName.class,
      description = "Snapshot (RDB) file name inside --dir. Default: " + BackendSettings.DEFAULT_DBFILENAME + ".")
  String dbfilename;

  @Option(names = "--appendonly", paramLabel = "yes|no", arity = "1", converter = Converters.YesNo.class,
      description = "Whether to log every write to the append-only file. Default: no.")
  Boolean appendonly;

  @Option(names = "--appendfilename", paramLabel = "NAME", converter = Converters.FileName.class,
      description = "Append-only file name inside --dir. Default: " + BackendSettings.DEFAULT_APPENDFILENAME + ".")
  String appendfilename;

  @Option(names = "--appendfsync", paramLabel = "WHEN",
      description = "When the append-only file is flushed to disk: always, everysec or no. Default: everysec.")
  AppendFsync appendfsync;

  @Option(names = "--save", paramLabel = "\"SECONDS CHANGES ...\"", arity = "1..*", hideParamSyntax = true,
      description = "Snapshot after SECONDS if at least CHANGES writes happened; pairs, as one string "
          + "or as separate words, repeatable. \"\" disables snapshots. Default: \"3600 1 300 100 60 10000\".")
  List<String> save;

  @Option(names = "--pidfile", paramLabel = "FILE", converter = Converters.FilePath.class,
      description = "Write the process id to FILE while running. Default: none.")
  Path pidfile;

  @Option(names = "--logfile", paramLabel = "FILE", converter = Converters.FilePath.class,
      description = "Log to FILE (appending) instead of the console. Default: the console.")
  Path logfile;

  @Option(names = "--replicaof", paramLabel = "HOST PORT", arity = "1..2", hideParamSyntax = true,
      description = "Start as a replica of the master at HOST PORT (\"HOST PORT\" or HOST:PORT also work). "
          + "Default: start as a master.")
  List<String> replicaof;

  @Option(names = "--requirepass", paramLabel = "PASSWORD",
      description = "Password clients must AUTH with. Default: none.")
  Secret requirepass;

  @Option(names = "--masterauth", paramLabel = "PASSWORD",
      description = "Password to AUTH with at the master when replicating. Default: none.")
  Secret masterauth;

  @Option(names = "--maxmemory", paramLabel = "BYTES",
      description = "Memory limit for data, with redis.conf units: 100mb, 1gb, 500k (k/m/g are powers of "
          + "1000, kb/mb/gb of 1024). 0 means no limit. Default: 0.")
  ByteSize maxmemory;

  @Option(names = "--maxmemory-policy", paramLabel = "POLICY",
      description = "What to do at the memory limit: noeviction, allkeys-lru, volatile-lru, allkeys-random, "
          + "volatile-random or volatile-ttl. Default: noeviction.")
  MaxMemoryPolicy maxmemoryPolicy;

  @Option(names = "--replica-priority", paramLabel = "N", converter = Converters.NonNegative.class,
      description = "Failover preference when this backend is a replica: lower is promoted first, 0 never. "
          + "Default: " + BackendSettings.DEFAULT_REPLICA_PRIORITY + ".")
  Integer replicaPriority;

  @Option(names = "--replica-announce-ip", paramLabel = "ADDRESS", converter = Converters.BindAddress.class,
      description = "The address this backend, as a replica, asks its master to list it under, when NAT or a "
          + "forwarder stands between them. Default: the address the master sees.")
  String replicaAnnounceIp;

  @Option(names = "--replica-announce-port", paramLabel = "PORT", converter = Converters.Port.class,
      description = "The port this backend, as a replica, asks its master to list it under. Default: --port.")
  Integer replicaAnnouncePort;

  private final Launcher launcher;
  private final ConfigLoader loader;

  BackendCommand(Launcher launcher, ConfigLoader loader) {
    this.launcher = launcher;
    this.loader = loader;
  }

  @Override
  public Integer call() {
    BackendOverrides fromFile = BackendOverrides.NONE;
    if (config != null) {
      try {
        fromFile = loader.loadBackend(config);
      } catch (ConfigException e) {
        return usageError(e.getMessage());
      }
    }
    BackendSettings settings = BackendSettings.DEFAULTS.with(fromFile).with(fromFlags());
    if (settings.logFile().isPresent()) {
      Path file = settings.logFile().get();
      try {
        LogFiles.logTo(file);
      } catch (NoSuchFileException e) {
        return usageError("--logfile: cannot open '" + file + "' for appending: no such directory");
      } catch (AccessDeniedException e) {
        return usageError("--logfile: cannot open '" + file + "' for appending: permission denied");
      } catch (IOException e) {
        return usageError("--logfile: cannot open '" + file + "' for appending: " + e.getMessage());
      }
    }
    return launcher.startBackend(settings);
  }

  /** The settings the flags give; null where a flag was left out. */
  BackendOverrides fromFlags() {
    return new BackendOverrides(port, bind, dir, dbfilename, appendonly, appendfilename, appendfsync,
        saveSchedule(), pidfile, logfile, replicaOf(), requirepass, masterauth, maxmemory,
        maxmemoryPolicy, replicaPriority, replicaAnnounceIp, replicaAnnouncePort);
  }

  /** Every {@code --save} word in order; as in redis.conf, an empty one clears what came before. */
  private SaveSchedule saveSchedule() {
    if (save == null) {
      return null;
    }
    List<String> pairs = new ArrayList<>();
    for (String words : save) {
      if (words.isBlank()) {
        pairs.clear();
      } else {
        pairs.add(words.strip());
      }
    }
    try {
      return SaveSchedule.parse(String.join(" ", pairs));
    } catch (IllegalArgumentException e) {
      throw invalid("--save", e.getMessage());
    }
  }

  private HostPort replicaOf() {
    if (replicaof == null) {
      return null;
    }
    List<String> words = replicaof.size() == 1 ? List.of(replicaof.get(0).strip().split("\\s+")) : replicaof;
    if (words.size() == 1 && words.get(0).indexOf(':') < 0) {
      throw invalid("--replicaof", "'" + words.get(0) + "' is not HOST PORT (e.g. 127.0.0.1 6379)");
    }
    try {
      if (words.size() == 1) {
        return HostPort.parse(words.get(0));
      }
      return new HostPort(words.get(0), Ports.parse(words.get(1)));
    } catch (IllegalArgumentException e) {
      throw invalid("--replicaof", e.getMessage());
    }
  }

  private ParameterException invalid(String option, String problem) {
    return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
  }

  private int usageError(String message) {
    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
    spec.commandLine().getErr().flush();
    return ExitCodes.USAGE;
  }
}
