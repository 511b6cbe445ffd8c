package io.belay.ops.launch;

import io.belay.ops.Launcher;
import io.belay.ops.UnavailableLauncher;
import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.NodeConfig;
import java.io.PrintWriter;

/** The launcher {@code bin/belay} runs: wires the engine, proxy, election and ops for each mode. */
public final class BelayLauncher implements Launcher {

  private final PrintWriter err;
  private final UnavailableLauncher unavailable;

  public BelayLauncher(PrintWriter err) {
    this.err = err;
    this.unavailable = new UnavailableLauncher(err);
  }

  @Override
  public int startEmbedded(EmbeddedSettings settings) {
    return unavailable.startEmbedded(settings);
  }

  @Override
  public int startBackend(BackendSettings settings) {
    return new BackendMode(err).run(settings);
  }

  @Override
  public int startNode(NodeConfig config) {
    return unavailable.startNode(config);
  }
}
