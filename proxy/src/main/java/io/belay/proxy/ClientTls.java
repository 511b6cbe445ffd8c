package io.belay.proxy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on the connections clients make to a proxy, as Redis's {@code tls-cert-file} and
 * {@code tls-key-file}. The files are read when the proxy starts, so a bad file fails the start
 * rather than the first client.
 *
 * @param certPath PEM certificate (chain) the proxy presents to clients
 * @param keyPath  PEM private key of that certificate, unencrypted (PKCS#8 or PKCS#1)
 */
public record ClientTls(Path certPath, Path keyPath) {

  public ClientTls {
    Objects.requireNonNull(certPath, "certPath");
    Objects.requireNonNull(keyPath, "keyPath");
  }
}
