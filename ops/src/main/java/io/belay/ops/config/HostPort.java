package io.belay.ops.config;

import java.util.Objects;

/**
 * A TCP address as written in configuration: {@code host:port}, or {@code [v6-address]:port}
 * for IPv6. The host is kept as written; nothing is resolved here.
 */
public record HostPort(String host, int port) {

  private static final String EXPECTED = "host:port (e.g. 127.0.0.1:6379)";

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    Ports.check(port);
  }

  /** Parses {@code host:port} or {@code [::1]:port}; the message names the value and the form. */
  public static HostPort parse(String text) {
    String value = text == null ? "" : text.strip();
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(Values.quote(text) + " is not " + EXPECTED);
    }
    String host = value.substring(0, colon);
    String portText = value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      // An unbracketed IPv6 address is ambiguous: "::1:6379" could be either.
      throw new IllegalArgumentException(Values.quote(text) + " is not " + EXPECTED
          + "; write IPv6 hosts in brackets, e.g. [::1]:6379");
    }
    if (host.isBlank() || host.indexOf('[') >= 0 || host.indexOf(']') >= 0
        || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(Values.quote(text) + " is not " + EXPECTED);
    }
    int port;
    try {
      port = Ports.parse(portText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Values.quote(text) + " has a bad port: " + e.getMessage());
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
