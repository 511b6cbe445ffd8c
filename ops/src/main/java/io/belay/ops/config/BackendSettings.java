package io.belay.ops.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code belay backend} needs to run one standalone embedded backend, with Redis's
 * names and defaults. Built from defaults, then an optional YAML file, then the command line.
 *
 * @param port             TCP port for RESP clients
 * @param bind             address to listen on
 * @param dir              working directory for the snapshot and the append-only file
 * @param dbFilename       snapshot (RDB) file name inside {@code dir}
 * @param appendOnly       whether the append-only file is written
 * @param appendFilename   append-only file name inside {@code dir}
 * @param appendFsync      when the append-only file is flushed
 * @param save             automatic snapshot rules; empty disables them
 * @param pidFile          file to write the process id to
 * @param logFile          file to log to instead of the console
 * @param replicaOf        master to replicate from; empty starts as a master
 * @param requirePass      password clients must AUTH with
 * @param masterAuth       password for authenticating to the master when replicating
 * @param maxMemory        memory limit for data; zero means no limit, as in Redis
 * @param maxMemoryPolicy  what to do when {@code maxMemory} is reached
 * @param replicaPriority  failover preference, lower first; 0 never promotes this backend
 * @param replicaAnnounceIp   the address a master lists this replica under, when NAT or a
 *                            forwarder stands between them; empty: the connection's address
 * @param replicaAnnouncePort the port a master lists this replica under; 0: {@code port}
 */
public record BackendSettings(
    int port,
    String bind,
    Path dir,
    String dbFilename,
    boolean appendOnly,
    String appendFilename,
    AppendFsync appendFsync,
    SaveSchedule save,
    Optional<Path> pidFile,
    Optional<Path> logFile,
    Optional<HostPort> replicaOf,
    Optional<Secret> requirePass,
    Optional<Secret> masterAuth,
    ByteSize maxMemory,
    MaxMemoryPolicy maxMemoryPolicy,
    int replicaPriority,
    Optional<String> replicaAnnounceIp,
    int replicaAnnouncePort) {

  public static final int DEFAULT_PORT = 6379;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final String DEFAULT_DIR = ".";
  public static final String DEFAULT_DBFILENAME = "dump.rdb";
  public static final String DEFAULT_APPENDFILENAME = "appendonly.aof";
  public static final int DEFAULT_REPLICA_PRIORITY = 100;

  /** Redis's defaults, except that Belay binds to loopback unless told otherwise. */
  public static final BackendSettings DEFAULTS = new BackendSettings(
      DEFAULT_PORT, DEFAULT_BIND, Path.of(DEFAULT_DIR), DEFAULT_DBFILENAME,
      false, DEFAULT_APPENDFILENAME, AppendFsync.EVERYSEC, SaveSchedule.REDIS_DEFAULT,
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
      ByteSize.ZERO, MaxMemoryPolicy.NOEVICTION, DEFAULT_REPLICA_PRIORITY, Optional.empty(), 0);

  public BackendSettings {
    Ports.check(port);
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(dir, "dir");
    Values.parseFileName(dbFilename);
    Objects.requireNonNull(appendFsync, "appendFsync");
    Values.parseFileName(appendFilename);
    Objects.requireNonNull(save, "save");
    Objects.requireNonNull(pidFile, "pidFile");
    Objects.requireNonNull(logFile, "logFile");
    Objects.requireNonNull(replicaOf, "replicaOf");
    Objects.requireNonNull(requirePass, "requirePass");
    Objects.requireNonNull(masterAuth, "masterAuth");
    Objects.requireNonNull(maxMemory, "maxMemory");
    Objects.requireNonNull(maxMemoryPolicy, "maxMemoryPolicy");
    if (replicaPriority < 0) {
      throw new IllegalArgumentException("replicaPriority must be >= 0: " + replicaPriority);
    }
    Objects.requireNonNull(replicaAnnounceIp, "replicaAnnounceIp");
    if (replicaAnnouncePort != 0) {
      Ports.check(replicaAnnouncePort);
    }
  }

  /** These settings with every value the overrides carry put in place of the current one. */
  public BackendSettings with(BackendOverrides o) {
    return new BackendSettings(
        o.port() != null ? o.port() : port,
        o.bind() != null ? o.bind() : bind,
        o.dir() != null ? o.dir() : dir,
        o.dbfilename() != null ? o.dbfilename() : dbFilename,
        o.appendonly() != null ? o.appendonly() : appendOnly,
        o.appendfilename() != null ? o.appendfilename() : appendFilename,
        o.appendfsync() != null ? o.appendfsync() : appendFsync,
        o.save() != null ? o.save() : save,
        o.pidfile() != null ? Optional.of(o.pidfile()) : pidFile,
        o.logfile() != null ? Optional.of(o.logfile()) : logFile,
        o.replicaof() != null ? Optional.of(o.replicaof()) : replicaOf,
        o.requirepass() != null ? Optional.of(o.requirepass()) : requirePass,
        o.masterauth() != null ? Optional.of(o.masterauth()) : masterAuth,
        o.maxmemory() != null ? o.maxmemory() : maxMemory,
        o.maxmemoryPolicy() != null ? o.maxmemoryPolicy() : maxMemoryPolicy,
        o.replicaPriority() != null ? o.replicaPriority() : replicaPriority,
        o.replicaAnnounceIp() != null ? Optional.of(o.replicaAnnounceIp()) : replicaAnnounceIp,
        o.replicaAnnouncePort() != null ? o.replicaAnnouncePort() : replicaAnnouncePort);
  }

  /** Where the snapshot is read at start and written by SAVE/BGSAVE. */
  public Path rdbPath() {
    return dir.resolve(dbFilename);
  }

  /** Where the append-only file is written when {@link #appendOnly} is on. */
  public Path aofPath() {
    return dir.resolve(appendFilename);
  }
}
