package io.belay.ops.http;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the ops server listens and whether the admin API wants a token.
 *
 * @param host       the address to bind; {@link #DEFAULT_HOST} keeps the admin API off the
 *                   network unless an operator decides otherwise
 * @param port       the port to bind; 0 picks a free one (see {@link OpsHttpServer#port()})
 * @param adminToken when present, every {@code /api/*} request must carry
 *                   {@code Authorization: Bearer <token>}
 */
public record HttpOptions(String host, int port, Optional<String> adminToken) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8379;

  public HttpOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(adminToken, "adminToken");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within 0..65535: " + port);
    }
    if (adminToken.isPresent() && adminToken.get().isBlank()) {
      throw new IllegalArgumentException("adminToken must not be blank when given");
    }
  }

  /** 127.0.0.1:8379 without a token, what {@code bin/belay} runs with. */
  public static HttpOptions defaults() {
    return new HttpOptions(DEFAULT_HOST, DEFAULT_PORT, Optional.empty());
  }

  /** Never prints the token: options end up in logs. */
  @Override
  public String toString() {
    return "HttpOptions[host=" + host + ", port=" + port + ", adminToken="
        + (adminToken.isPresent() ? "<set>" : "<none>") + "]";
  }
}
