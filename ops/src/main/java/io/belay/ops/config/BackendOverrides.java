package io.belay.ops.config;

import java.nio.file.Path;

/**
 * Some backend settings, as one source gives them: a {@code belay backend --config} file or
 * the command line. A null component means "this source does not say"; {@link
 * BackendSettings#with} layers sources over the defaults. Component names are the redis.conf
 * names, which is also how the YAML keys are spelled ({@code maxmemory-policy}).
 */
public record BackendOverrides(
    Integer port,
    String bind,
    Path dir,
    String dbfilename,
    Boolean appendonly,
    String appendfilename,
    AppendFsync appendfsync,
    SaveSchedule save,
    Path pidfile,
    Path logfile,
    HostPort replicaof,
    Secret requirepass,
    Secret masterauth,
    ByteSize maxmemory,
    MaxMemoryPolicy maxmemoryPolicy,
    Integer replicaPriority,
    String replicaAnnounceIp,
    Integer replicaAnnouncePort) {

  /** A source that says nothing. */
  public static final BackendOverrides NONE = new BackendOverrides(
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
