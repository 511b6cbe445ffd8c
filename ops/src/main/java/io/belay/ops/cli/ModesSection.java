package io.belay.ops.cli;

import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * The "Modes:" list of {@code belay --help}: the default mode first, then each subcommand,
 * one line each, from the first line of each mode's description.
 */
final class ModesSection implements IHelpSectionRenderer {

  static final String DEFAULT_MODE = "(default)";

  private final String defaultSummary;

  ModesSection(String defaultSummary) {
    this.defaultSummary = defaultSummary;
  }

  @Override
  public String render(Help help) {
    int nameWidth = DEFAULT_MODE.length();
    for (String name : help.subcommands().keySet()) {
      nameWidth = Math.max(nameWidth, name.length());
    }
    int width = help.commandSpec().usageMessage().width();
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth + 4, 2, Column.Overflow.SPAN),
        new Column(width - nameWidth - 4, 0, Column.Overflow.WRAP));
    table.addRowValues(DEFAULT_MODE, defaultSummary);
    for (Map.Entry<String, Help> mode : help.subcommands().entrySet()) {
      String[] description = mode.getValue().commandSpec().usageMessage().description();
      table.addRowValues(mode.getKey(), description.length == 0 ? "" : description[0]);
    }
    return table.toString();
  }
}
