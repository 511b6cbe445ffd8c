package io.belay.ops.cli;

import io.belay.ops.ExitCodes;
import io.belay.ops.Launcher;
import io.belay.ops.config.ConfigException;
import io.belay.ops.config.ConfigLoader;
import io.belay.ops.config.NodeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code belay node --config belay.yaml}: one production node. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "One production node, configured by a YAML file (--config).",
      "",
      "Runs the proxy of every group in the file, this node's share of failure detection and "
          + "failover, the ops HTTP server, and the backends the file embeds in this node. "
          + "The whole file is checked before anything starts.",
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped normally, or help printed",
      "1:failed while running (see the log)",
      "2:bad flag or configuration; nothing started",
    })
final class NodeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", required = true, converter = Converters.FilePath.class,
      description = "The node's YAML configuration (required): node (name, http, admin-token), cluster "
          + "(name, port, members) and groups (name, listen, backends, embedded, quorum, down-after, "
          + "read-policy, max-replica-lag, consistency, durability, hold-writes, ...).")
  Path config;

  private final Launcher launcher;
  private final ConfigLoader loader;

  NodeCommand(Launcher launcher, ConfigLoader loader) {
    this.launcher = launcher;
    this.loader = loader;
  }

  @Override
  public Integer call() {
    NodeConfig node;
    try {
      node = loader.loadNode(config);
    } catch (ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    return launcher.startNode(node);
  }
}
