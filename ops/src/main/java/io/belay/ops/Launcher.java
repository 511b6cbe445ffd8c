package io.belay.ops;

import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.NodeConfig;

/**
 * Starts one run mode from settings the command line has already parsed and validated. This
 * is the seam between the CLI and the engine, proxy and election that run the modes.
 *
 * <p>Contract for every method: it returns only once the mode has stopped (SHUTDOWN, a
 * signal, a fatal error), with the process exit code from {@link ExitCodes}; {@code Main}
 * exits the JVM with that code right after, so returning early would stop the servers. It
 * must not call {@code System.exit} itself, so tests can run it in-process. Problems with the
 * settings were reported before the call; what goes wrong at run time goes to the log.
 */
public interface Launcher {

  /** {@code belay}: a master and replicas, a proxy and the ops HTTP server in one process. */
  int startEmbedded(EmbeddedSettings settings);

  /** {@code belay backend}: one standalone embedded backend, a drop-in for redis-server. */
  int startBackend(BackendSettings settings);

  /** {@code belay node}: the proxies, election share, ops HTTP and embedded backends of one node. */
  int startNode(NodeConfig config);
}
