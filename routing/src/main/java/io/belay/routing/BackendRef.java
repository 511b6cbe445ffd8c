package io.belay.routing;

import java.util.Objects;

/**
 * One backend of a group: a stable id and the address the proxy connects to.
 *
 * @param id   stable name of the backend (the run id of an embedded backend, or a configured
 *             name); two refs with the same id must name the same process
 * @param host host name or IP address
 * @param port TCP port
 */
public record BackendRef(String id, String host, int port) {

  public BackendRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("backend id must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** {@code host:port}, as Redis prints addresses. */
  public String address() {
    return host + ':' + port;
  }

  @Override
  public String toString() {
    return id + '@' + address();
  }
}
