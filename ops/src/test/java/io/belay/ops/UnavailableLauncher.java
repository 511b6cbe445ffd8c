package io.belay.ops;

import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.NodeConfig;
import java.io.PrintWriter;

/**
 * A launcher that refuses every mode, so command-line tests can check parsing and exit codes
 * without starting servers.
 */
public final class UnavailableLauncher implements Launcher {

  /** The exit code of a refused mode. */
  static final int UNAVAILABLE = 3;

  private final PrintWriter err;

  public UnavailableLauncher(PrintWriter err) {
    this.err = err;
  }

  @Override
  public int startEmbedded(EmbeddedSettings settings) {
    return refuse("belay (embedded mode)");
  }

  @Override
  public int startBackend(BackendSettings settings) {
    return refuse("belay backend");
  }

  @Override
  public int startNode(NodeConfig config) {
    return refuse("belay node");
  }

  private int refuse(String mode) {
    err.println(mode + ": not available yet in this build");
    err.flush();
    return UNAVAILABLE;
  }
}
