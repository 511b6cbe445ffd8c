package io.belay.ops.config;

import io.belay.ops.config.impl.BackendFileValidator;
import io.belay.ops.config.impl.ConfigMapper;
import io.belay.ops.config.impl.NodeConfigValidator;
import io.belay.ops.config.impl.NodeDocument;
import io.belay.ops.config.impl.YamlFiles;
import java.nio.file.Path;

/**
 * Reads and validates configuration files up front, so a node never starts with a setting it
 * would only trip over later. Every failure is a {@link ConfigException} with a one-line message.
 */
public final class ConfigLoader {

  private final YamlFiles yaml = new YamlFiles(ConfigMapper.create());

  /** Reads a {@code belay node --config} file. */
  public NodeConfig loadNode(Path file) throws ConfigException {
    NodeDocument doc = yaml.read(file, NodeDocument.class);
    return new NodeConfigValidator(file.toString()).validate(doc);
  }

  /**
   * Reads a {@code belay backend --config} file: redis.conf's settings under their redis.conf
   * names ({@code port}, {@code maxmemory-policy}, ...). Keys left out stay unset.
   */
  public BackendOverrides loadBackend(Path file) throws ConfigException {
    BackendOverrides doc = yaml.read(file, BackendOverrides.class);
    return new BackendFileValidator(file.toString()).validate(doc);
  }
}
