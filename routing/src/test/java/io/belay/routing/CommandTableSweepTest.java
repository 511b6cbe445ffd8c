package io.belay.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allowlist property, checked for every command and subcommand redis-server 7.0 knows. */
class CommandTableSweepTest {

  private final CommandClassifier classifier = new CommandClassifier();

  /** Every spec with a command line that satisfies its arity, every argument {@code "1"}. */
  private static List<Object[]> everyCommandLine() {
    List<Object[]> lines = new ArrayList<>();
    for (CommandSpec top : TestCommands.table().all()) {
      lines.add(new Object[] {top, line(top.name(), top.arity())});
      for (CommandSpec sub : top.subcommands().values()) {
        lines.add(new Object[] {sub, line(sub.name(), sub.arity())});
      }
    }
    return lines;
  }

  private static byte[][] line(String name, int arity) {
    String[] words = name.split("\\|");
    int argc = Math.max(Math.abs(arity), words.length);
    byte[][] args = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      args[i] = (i < words.length ? words[i] : "1").getBytes(StandardCharsets.US_ASCII);
    }
    return args;
  }

  @Test
  void shouldOnlyLetReadonlyNonBlockingCommandsReachReplicas() {
    int eligible = 0;
    for (Object[] entry : everyCommandLine()) {
      CommandSpec spec = (CommandSpec) entry[0];
      byte[][] args = (byte[][]) entry[1];
      RoutingDecision decision = classifier.classify(spec, args, SessionState.IDLE);
      if (decision.replicaEligible()) {
        eligible++;
        assertTrue(spec.isReadOnly(), spec.name() + " is not flagged readonly");
        assertFalse(spec.isWrite(), spec.name() + " is flagged write");
        assertFalse(spec.has(CommandFlag.BLOCKING) && !spec.name().equals("xread"),
            spec.name() + " may block");
      }
      if (spec.isWrite()) {
        assertTrue(decision.needsMaster(), spec.name() + " writes: " + decision);
      }
    }
    assertTrue(eligible > 50, "only " + eligible + " commands may be read from a replica");
  }

  @Test
  void shouldKeepEveryCommandOffReplicasInsideMultiAndUnderWatch() {
    for (Object[] entry : everyCommandLine()) {
      CommandSpec spec = (CommandSpec) entry[0];
      byte[][] args = (byte[][]) entry[1];
      for (SessionState session : List.of(new SessionState(true, false),
          new SessionState(false, true), new SessionState(true, true))) {
        assertFalse(classifier.classify(spec, args, session).replicaEligible(),
            spec.name() + " in " + session);
      }
    }
  }
}
