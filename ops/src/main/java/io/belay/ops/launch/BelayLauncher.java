package io.belay.ops.launch;

import io.belay.ops.Launcher;
import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The launcher {@code bin/belay} runs: wires the engine, proxy, election and ops for each mode. */
public final class BelayLauncher implements Launcher {

  private final PrintWriter out;
  private final PrintWriter err;

  public BelayLauncher(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public int startEmbedded(EmbeddedSettings settings) {
    return new NodeMode(out, err).run(NodeMode.embedded(settings), settings.dataDir(),
        NodeMode.EMBEDDED_EVENT_LOOPS);
  }

  @Override
  public int startBackend(BackendSettings settings) {
    return new BackendMode(err).run(settings);
  }

  @Override
  public int startNode(NodeConfig config) {
    return new NodeMode(out, err).run(config, Path.of("data", config.node().name()));
  }
}
