package io.belay.ops.config.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the files a configuration names, made when it is loaded: Sentinel refuses to start
 * with a missing hook script, and a certificate found wrong at the first client is found too
 * late. Each check throws IllegalArgumentException quoting the path and saying what is wrong;
 * the caller adds the key. Relative paths are from the directory the node runs in.
 */
final class ConfiguredFiles {

  /** More than any certificate chain or key; a bigger file is the wrong file. */
  private static final long MAX_PEM_BYTES = 1024 * 1024;

  private ConfiguredFiles() {
  }

  static Path executable(Path script) {
    existingFile(script);
    if (!Files.isExecutable(script)) {
      throw new IllegalArgumentException(quote(script) + " is not executable (chmod +x it)");
    }
    return script;
  }

  static Path certificate(Path pem) {
    String text = pem(pem);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(quote(pem)
          + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return pem;
  }

  static Path privateKey(Path pem) {
    String text = pem(pem);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || text.contains("Proc-Type: 4,ENCRYPTED")) {
      // the proxy has no passphrase to open it with
      throw new IllegalArgumentException(quote(pem)
          + " is an encrypted key (give an unencrypted one, e.g. openssl pkey -in it -out key.pem)");
    }
    if (!(text.contains("-----BEGIN PRIVATE KEY-----")
        || text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----"))) {
      throw new IllegalArgumentException(quote(pem)
          + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    return pem;
  }

  private static String pem(Path file) {
    existingFile(file);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(quote(file) + " is not readable (permission denied)");
    }
    try {
      if (Files.size(file) > MAX_PEM_BYTES) {
        throw new IllegalArgumentException(quote(file) + " is too large for a PEM file");
      }
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(quote(file) + " cannot be read: " + e.getMessage());
    }
  }

  private static void existingFile(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(quote(file) + " does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(quote(file) + " is not a file");
    }
  }

  private static String quote(Path file) {
    return "'" + file + "'";
  }
}
