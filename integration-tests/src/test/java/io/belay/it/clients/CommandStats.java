package io.belay.it.clients;

import io.belay.it.harness.Redis;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code INFO commandstats} of one server at one moment: calls per command, and the calls it
 * refused ({@code rejected_calls}, e.g. READONLY) or that failed while running.
 */
record CommandStats(Map<String, long[]> byCommand) {

  private static final int CALLS = 0;
  private static final int REFUSED = 1;

  static CommandStats of(int port) {
    Map<String, long[]> out = new HashMap<>();
    Redis.info(port, "commandstats").forEach((field, value) -> {
      if (!field.startsWith("cmdstat_")) {
        return;
      }
      long[] counts = new long[2];
      for (String pair : value.split(",")) {
        String[] kv = pair.split("=", 2);
        switch (kv[0]) {
          case "calls" -> counts[CALLS] = Long.parseLong(kv[1]);
          case "rejected_calls", "failed_calls" -> counts[REFUSED] += Long.parseLong(kv[1]);
          default -> {
            // time spent is not a count
          }
        }
      }
      out.put(field.substring("cmdstat_".length()), counts);
    });
    return new CommandStats(out);
  }

  long calls(String command) {
    return byCommand.getOrDefault(command, new long[2])[CALLS];
  }

  long refused(String command) {
    return byCommand.getOrDefault(command, new long[2])[REFUSED];
  }

  /** Calls of {@code command} since {@code before}. */
  long callsSince(CommandStats before, String command) {
    return calls(command) - before.calls(command);
  }

  long refusedSince(CommandStats before, String command) {
    return refused(command) - before.refused(command);
  }
}
