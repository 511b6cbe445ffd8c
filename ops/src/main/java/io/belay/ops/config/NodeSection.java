package io.belay.ops.config;

import java.util.Objects;
import java.util.Optional;

/**
 * This node's identity and its ops HTTP server.
 *
 * @param name       the node's name, unique in the cluster; shown in events and metrics
 * @param http       where the ops HTTP server (metrics, health, admin API) listens
 * @param adminToken bearer token the admin API's changing endpoints require, if any
 */
public record NodeSection(String name, HostPort http, Optional<Secret> adminToken) {

  public static final HostPort DEFAULT_HTTP = new HostPort("127.0.0.1", 8379);

  public NodeSection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(adminToken, "adminToken");
  }
}
