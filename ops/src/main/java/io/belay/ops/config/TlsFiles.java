package io.belay.ops.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate a group's proxy presents to clients, which then must connect over TLS.
 *
 * @param cert PEM certificate (chain)
 * @param key  PEM private key of that certificate, unencrypted
 */
public record TlsFiles(Path cert, Path key) {

  public TlsFiles {
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
  }
}
