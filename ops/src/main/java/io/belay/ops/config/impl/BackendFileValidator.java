package io.belay.ops.config.impl;

import io.belay.ops.config.BackendOverrides;
import io.belay.ops.config.ConfigException;
import io.belay.ops.config.Ports;
import io.belay.ops.config.Values;
import java.util.function.Consumer;

/**
 * Checks the values of a {@code belay backend --config} file that Jackson cannot check by type:
 * ranges and file names. Missing keys are fine: the command line or the defaults supply them.
 */
public final class BackendFileValidator {

  private final String file;

  public BackendFileValidator(String file) {
    this.file = file;
  }

  public BackendOverrides validate(BackendOverrides doc) throws ConfigException {
    check("port", doc.port(), Ports::check);
    check("bind", doc.bind(), BackendFileValidator::host);
    check("dbfilename", doc.dbfilename(), Values::parseFileName);
    check("appendfilename", doc.appendfilename(), Values::parseFileName);
    check("replica-priority", doc.replicaPriority(), p -> Values.parseNonNegative(Integer.toString(p)));
    check("replica-announce-ip", doc.replicaAnnounceIp(), BackendFileValidator::host);
    check("replica-announce-port", doc.replicaAnnouncePort(), Ports::check);
    return doc;
  }

  private <T> void check(String key, T value, Consumer<T> rule) throws ConfigException {
    if (value == null) {
      return;
    }
    try {
      rule.accept(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + key + ": " + e.getMessage(), e);
    }
  }

  private static void host(String value) {
    if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("'" + value + "' is not an address to bind to (e.g. 127.0.0.1)");
    }
  }
}
