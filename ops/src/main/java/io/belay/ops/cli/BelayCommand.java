package io.belay.ops.cli;

import io.belay.ops.Launcher;
import io.belay.ops.config.EmbeddedSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code belay}: the top-level command; run without a mode, it is the embedded mode. */
@Command(
    name = "belay",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    abbreviateSynopsis = true,
    description = {
      "Belay keeps one stable Redis address in front of a master and its replicas while masters fail.",
      "",
      "Without a mode it runs the embedded mode: a master and two replicas, a proxy on "
          + "127.0.0.1:6379 and the ops HTTP server on 127.0.0.1:8379, all in this process.",
    },
    synopsisSubcommandLabel = "[MODE]",
    commandListHeading = "%nModes:%n",
    optionListHeading = "%nOptions of the embedded mode:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped normally, or help printed",
      "1:failed while running (see the log)",
      "2:bad flag or configuration; nothing started",
    },
    footer = "%nRun 'belay MODE --help' for the flags of a mode.")
final class BelayCommand implements Callable<Integer> {

  /** One line for the "(default)" row of the mode list. */
  static final String SUMMARY = "A master, two replicas, a proxy and ops HTTP in one process.";

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class,
      defaultValue = "" + EmbeddedSettings.DEFAULT_PORT,
      description = "Port of the proxy, the address clients use (127.0.0.1). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--backend-ports", paramLabel = "PORT,PORT,...", split = ",", hideParamSyntax = true,
      converter = Converters.Port.class, defaultValue = EmbeddedSettings.DEFAULT_BACKEND_PORTS,
      description = "Ports of the embedded backends, comma separated; the first starts as master, "
          + "the others as its replicas. Default: ${DEFAULT-VALUE}.")
  List<Integer> backendPorts;

  @Option(names = "--http-port", paramLabel = "PORT", converter = Converters.Port.class,
      defaultValue = "" + EmbeddedSettings.DEFAULT_HTTP_PORT,
      description = "Port of the ops HTTP server: /metrics, /health, /api/topology, dashboard. "
          + "Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--data-dir", paramLabel = "DIR", converter = Converters.FilePath.class,
      defaultValue = EmbeddedSettings.DEFAULT_DATA_DIR,
      description = "Directory for the backends' snapshots and append-only files, one subdirectory "
          + "per backend. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  private final Launcher launcher;

  BelayCommand(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    return launcher.startEmbedded(settings());
  }

  EmbeddedSettings settings() {
    Map<Integer, String> used = new HashMap<>();
    used.put(port, "--port");
    if (used.putIfAbsent(httpPort, "--http-port") != null) {
      throw conflict("--http-port", httpPort, used.get(httpPort));
    }
    for (int backendPort : backendPorts) {
      String user = used.putIfAbsent(backendPort, "--backend-ports");
      if (user != null) {
        throw conflict("--backend-ports", backendPort, user);
      }
    }
    return new EmbeddedSettings(port, backendPorts, httpPort, dataDir);
  }

  private ParameterException conflict(String option, int port, String user) {
    String where = user.equals(option) ? "listed twice" : "already used by " + user;
    return new ParameterException(spec.commandLine(),
        "Invalid value for option '" + option + "': port " + port + " is " + where);
  }
}
