package io.belay.ops.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The embedded default mode: one process with a master and replicas, one proxy and the ops
 * HTTP server, all on loopback.
 *
 * @param port         the proxy's port, the one clients use
 * @param backendPorts ports of the embedded backends; the first starts as master
 * @param httpPort     the ops HTTP server's port
 * @param dataDir      directory under which each backend keeps its files
 */
public record EmbeddedSettings(int port, List<Integer> backendPorts, int httpPort, Path dataDir) {

  public static final int DEFAULT_PORT = 6379;
  public static final String DEFAULT_BACKEND_PORTS = "6380,6381,6382";
  public static final int DEFAULT_HTTP_PORT = 8379;
  public static final String DEFAULT_DATA_DIR = "./data";

  /** Every embedded address is on loopback: this mode is for one machine. */
  public static final String HOST = "127.0.0.1";

  public EmbeddedSettings {
    Ports.check(port);
    backendPorts = List.copyOf(backendPorts);
    if (backendPorts.isEmpty()) {
      throw new IllegalArgumentException("at least one backend port is needed");
    }
    backendPorts.forEach(Ports::check);
    Ports.check(httpPort);
    Objects.requireNonNull(dataDir, "dataDir");
  }
}
