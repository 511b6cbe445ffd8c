package io.belay.backends.persistence;

import io.belay.backends.command.CommandException;
import io.belay.backends.command.Settings;
import java.util.Locale;

/** The persistence parameters the engine's settings do not declare themselves. */
final class PersistenceParams {

  private PersistenceParams() {
  }

  static void define(Settings settings, Persistence p) {
    settings.define("rdbcompression", () -> p.compression() ? "yes" : "no",
        v -> p.setCompression(yesNo("rdbcompression", v)));
    settings.define("auto-aof-rewrite-percentage", () -> Long.toString(p.aofManager().autoPercentage()),
        v -> p.aofManager().setAutoPercentage(number("auto-aof-rewrite-percentage", v)));
    settings.define("auto-aof-rewrite-min-size", () -> Long.toString(p.aofManager().autoMinSize()),
        v -> p.aofManager().setAutoMinSize(Settings.memory("auto-aof-rewrite-min-size", v)));
  }

  private static boolean yesNo(String name, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw invalid(name, "argument must be 'yes' or 'no'");
    };
  }

  private static long number(String name, String v) {
    try {
      long n = Long.parseLong(v);
      if (n >= 0 && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      throw invalid(name, "argument couldn't be parsed into an integer");
    }
    throw invalid(name, "argument must be between 0 and " + Integer.MAX_VALUE + " inclusive");
  }

  private static CommandException invalid(String name, String reason) {
    return new CommandException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
  }
}
