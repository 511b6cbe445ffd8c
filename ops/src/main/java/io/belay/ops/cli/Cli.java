package io.belay.ops.cli;

import io.belay.ops.ExitCodes;
import io.belay.ops.Launcher;
import io.belay.ops.config.AppendFsync;
import io.belay.ops.config.ByteSize;
import io.belay.ops.config.ConfigLoader;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.MaxMemoryPolicy;
import io.belay.ops.config.Secret;
import io.belay.ops.config.Values;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Builds the {@code belay} command line: commands, converters, help layout, error handling. */
public final class Cli {

  private Cli() {
  }

  public static CommandLine create(Launcher launcher, PrintWriter out, PrintWriter err) {
    ConfigLoader loader = new ConfigLoader();
    CommandLine cli = new CommandLine(new BelayCommand(launcher))
        .addSubcommand(new BackendCommand(launcher, loader))
        .addSubcommand(new NodeCommand(launcher, loader));
    // Registered after the subcommands so that they get the converters too.
    cli.registerConverter(HostPort.class, Converters.of(HostPort::parse));
    cli.registerConverter(Duration.class, Converters.of(Values::parseDuration));
    cli.registerConverter(ByteSize.class, Converters.of(ByteSize::parse));
    cli.registerConverter(Secret.class, Converters.of(Secret::new));
    cli.registerConverter(AppendFsync.class, Converters.of(AppendFsync::parse));
    cli.registerConverter(MaxMemoryPolicy.class, Converters.of(MaxMemoryPolicy::parse));

    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
        new ModesSection(BelayCommand.SUMMARY));
    cli.setHelpSectionKeys(modesBeforeOptions(cli.getHelpSectionKeys()));

    // Wide enough for "--requirepass=PASSWORD" to keep its description in the column.
    cli.setUsageHelpLongOptionsMaxWidth(24);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(Cli::badInput);
    cli.setExecutionExceptionHandler((e, command, parseResult) -> {
      command.getErr().println(command.getCommandSpec().qualifiedName() + ": internal error: " + e);
      e.printStackTrace(command.getErr());
      command.getErr().flush();
      return ExitCodes.FAILURE;
    });
    return cli;
  }

  /** One line on stderr that names the flag, the bad value and what is allowed. */
  static int badInput(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String describe(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException)) {
      return e.getMessage();
    }
    UnmatchedArgumentException unmatched = (UnmatchedArgumentException) e;
    String name = e.getCommandLine().getCommandSpec().qualifiedName();
    String word = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
    StringBuilder line = new StringBuilder(word.startsWith("-")
        ? "Unknown option: '" + word + "'"
        : "Unexpected argument: '" + word + "'");
    List<String> suggestions = unmatched.getSuggestions();
    if (!suggestions.isEmpty()) {
      line.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
    }
    return line.append(" (see '").append(name).append(" --help')").toString();
  }

  /** The mode list belongs right after the description: it is the first thing to choose. */
  private static List<String> modesBeforeOptions(List<String> keys) {
    List<String> order = new ArrayList<>(keys);
    List<String> modes = List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
        CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
    order.removeAll(modes);
    int at = order.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING);
    order.addAll(at < 0 ? order.size() : at, modes);
    return order;
  }
}
