package io.belay.ops;

import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.NodeConfig;

/** Remembers what the command line asked to start, and "runs" it by returning OK. */
final class RecordingLauncher implements Launcher {

  EmbeddedSettings embedded;
  BackendSettings backend;
  NodeConfig node;

  @Override
  public int startEmbedded(EmbeddedSettings settings) {
    embedded = settings;
    return ExitCodes.OK;
  }

  @Override
  public int startBackend(BackendSettings settings) {
    backend = settings;
    return ExitCodes.OK;
  }

  @Override
  public int startNode(NodeConfig config) {
    node = config;
    return ExitCodes.OK;
  }
}
