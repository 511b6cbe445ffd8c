package io.belay.routing.impl;

import io.belay.protocol.command.CommandSpec;
import io.belay.routing.RoutingDecision.TransactionStep;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands whose routing is the proxy's own business rather than the command table's: the
 * ones it answers itself, the transaction commands and the subscription commands.
 */
public final class CommandNames {

  /**
   * Answered by the proxy: connection state it owns (protocol, authentication, database, name)
   * and introspection of the proxy rather than a backend. CLIENT SETINFO is here because client
   * libraries send it on every new connection.
   */
  private static final Set<String> LOCAL = Set.of(
      "ping", "echo", "hello", "auth", "select", "quit", "reset", "info", "command",
      "client|setname", "client|getname", "client|id", "client|info", "client|setinfo");

  /** Containers whose every subcommand is answered locally. */
  private static final Set<String> LOCAL_CONTAINERS = Set.of("command");

  /** Redis runs these at once even inside MULTI instead of queueing them. */
  private static final Set<String> NOT_QUEUED_LOCAL = Set.of("quit", "reset");

  private static final Map<String, TransactionStep> TRANSACTION = Map.of(
      "multi", TransactionStep.MULTI,
      "exec", TransactionStep.EXEC,
      "discard", TransactionStep.DISCARD,
      "watch", TransactionStep.WATCH,
      "unwatch", TransactionStep.UNWATCH);

  /** Change the session's subscriptions; PUBLISH and PUBSUB introspection are plain commands. */
  private static final Set<String> SUBSCRIPTION = Set.of(
      "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe");

  /** Scripts that may write although Redis does not flag them {@code write}. */
  private static final Set<String> WRITING_SCRIPTS = Set.of("eval", "evalsha", "fcall");

  /** Blocking only with a BLOCK option; without one they return at once. */
  private static final Set<String> BLOCK_OPTION = Set.of("xread", "xreadgroup");

  private CommandNames() {
  }

  public static boolean isLocal(String name) {
    return LOCAL.contains(name) || LOCAL_CONTAINERS.contains(containerOf(name));
  }

  public static boolean runsInsideMulti(String name) {
    return NOT_QUEUED_LOCAL.contains(name);
  }

  /** The transaction step, or {@code null} for any other command. */
  public static TransactionStep transactionStep(String name) {
    return TRANSACTION.get(name);
  }

  public static boolean isSubscription(String name) {
    return SUBSCRIPTION.contains(name);
  }

  public static boolean isWritingScript(String name) {
    return WRITING_SCRIPTS.contains(name);
  }

  public static boolean isScriptByDigest(String name) {
    return name.equals("evalsha_ro");
  }

  /**
   * Whether a command flagged {@code blocking} blocks with these arguments. XREAD and XREADGROUP
   * only block with BLOCK, which comes before STREAMS.
   */
  public static boolean blocksWith(String name, byte[][] args) {
    if (!BLOCK_OPTION.contains(name)) {
      return true;
    }
    for (int i = 1; i < args.length; i++) {
      if (KeyPositions.equalsIgnoreCase(args[i], "STREAMS")) {
        return false;
      }
      if (KeyPositions.equalsIgnoreCase(args[i], "BLOCK")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The name routing uses: the spec's own name, {@code "container|sub"} when the spec is a
   * container and the arguments name a subcommand, else the lower-cased first argument.
   */
  public static String nameOf(CommandSpec spec, byte[][] args) {
    String name = spec != null ? spec.name() : lowerAscii(args[0]);
    boolean container = spec != null ? spec.isContainer() : name.equals("client");
    if (container && args.length >= 2 && name.indexOf('|') < 0) {
      return name + '|' + lowerAscii(args[1]);
    }
    return name;
  }

  /** The container part of {@code "container|sub"}, or the name itself. */
  public static String containerOf(String name) {
    int bar = name.indexOf('|');
    return bar < 0 ? name : name.substring(0, bar);
  }

  /** The subcommand part of {@code "container|sub"}, or {@code null}. */
  public static String subcommandOf(String name) {
    int bar = name.indexOf('|');
    return bar < 0 ? null : name.substring(bar + 1);
  }

  static String lowerAscii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
  }
}
