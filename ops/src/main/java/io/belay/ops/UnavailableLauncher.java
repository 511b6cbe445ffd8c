package io.belay.ops;

import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.NodeConfig;
import java.io.PrintWriter;

/**
 * The launcher of a build whose modes are not wired yet: each mode says so on stderr and
 * exits with {@link ExitCodes#UNAVAILABLE}, rather than pretending to run.
 */
public final class UnavailableLauncher implements Launcher {

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
    return ExitCodes.UNAVAILABLE;
  }
}
