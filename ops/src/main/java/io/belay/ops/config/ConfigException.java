package io.belay.ops.config;

/**
 * A configuration file that cannot be used. The message is one line meant for the operator:
 * the file, the key path, the bad value and what is allowed, e.g.
 * {@code belay.yaml: groups[0].read-policy: 'fastest' is not one of master, prefer-replica, ...}.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
