package io.belay.routing;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.KeySpec;
import io.belay.routing.RoutingDecision.Reason;
import io.belay.routing.RoutingDecision.TransactionStep;
import io.belay.routing.impl.CommandNames;
import io.belay.routing.impl.KeyPositions;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides where one command goes (DESIGN decision 4). Reading from a replica is an allowlist:
 * only a command the table flags {@code readonly}, whose keys can be found, outside MULTI and
 * WATCH, is {@link RoutingDecision.ToReplica}. Anything the classifier cannot vouch for goes to
 * the master, which gives the same answer (or the same error) a replica would have given, but
 * never a stale one.
 *
 * <p>Stateless and thread-safe; never throws for any argument vector a client can send.
 */
public final class CommandClassifier {

  private static final RoutingDecision TO_REPLICA = new RoutingDecision.ToReplica();
  private static final RoutingDecision PUB_SUB = new RoutingDecision.PubSub();
  private static final RoutingDecision BLOCKING = new RoutingDecision.Blocking();
  private static final Map<Reason, RoutingDecision> TO_MASTER = toMasterByReason();
  private static final Map<TransactionStep, RoutingDecision> TRANSACTION = transactionBySteps();

  /**
   * Classifies one command.
   *
   * @param specOrNull the command's spec from the command table (the container or the resolved
   *                   subcommand), or {@code null} when the table does not know the command
   * @param args       the full argument vector, the command name first; not modified
   * @param session    the session's state before this command
   */
  public RoutingDecision classify(CommandSpec specOrNull, byte[][] args, SessionState session) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(session, "session");
    if (args.length == 0) {
      throw new IllegalArgumentException("a command needs at least its name");
    }
    String name = CommandNames.nameOf(specOrNull, args);
    TransactionStep step = CommandNames.transactionStep(name);

    if (session.inMulti()) {
      // Redis queues everything but these until EXEC; UNWATCH is queued too.
      if (step != null && step != TransactionStep.UNWATCH) {
        return TRANSACTION.get(step);
      }
      if (CommandNames.runsInsideMulti(name)) {
        return new RoutingDecision.Local(name);
      }
      return TO_MASTER.get(Reason.IN_TRANSACTION);
    }
    if (step != null) {
      return TRANSACTION.get(step);
    }
    if (CommandNames.isLocal(name)) {
      return new RoutingDecision.Local(name);
    }
    RoutingDecision decision = classifyByTable(specOrNull, name, args);
    if (session.watching() && decision.replicaEligible()) {
      // The keys under WATCH live on the master connection; a read elsewhere proves nothing.
      return TO_MASTER.get(Reason.WATCHING);
    }
    return decision;
  }

  private static RoutingDecision classifyByTable(CommandSpec spec, String name, byte[][] args) {
    if (CommandNames.isSubscription(name)) {
      return PUB_SUB;
    }
    CommandSpec resolved = resolveSubcommand(spec, name);
    if (resolved == null) {
      return TO_MASTER.get(Reason.UNKNOWN_COMMAND);
    }
    if (resolved.has(CommandFlag.BLOCKING) && CommandNames.blocksWith(name, args)) {
      return BLOCKING;
    }
    if (resolved.isWrite()) {
      return TO_MASTER.get(Reason.WRITE);
    }
    if (CommandNames.isWritingScript(name)) {
      return TO_MASTER.get(Reason.SCRIPT);
    }
    if (!resolved.isReadOnly()) {
      return TO_MASTER.get(Reason.NOT_READONLY);
    }
    if (CommandNames.isScriptByDigest(name)) {
      return TO_MASTER.get(Reason.SCRIPT_CACHE);
    }
    if (!resolved.acceptsArgumentCount(args.length)) {
      return TO_MASTER.get(Reason.WRONG_ARITY);
    }
    if (hasMovableKeys(resolved) && KeyPositions.resolve(resolved, args) == null) {
      return TO_MASTER.get(Reason.UNRESOLVED_KEYS);
    }
    return TO_REPLICA;
  }

  /**
   * The spec that describes {@code name}: the spec itself, or for a container called with a
   * subcommand, that subcommand's spec; {@code null} when the table does not know it. A
   * container called without a subcommand is left as is (the master reports the arity error).
   */
  private static CommandSpec resolveSubcommand(CommandSpec spec, String name) {
    if (spec == null) {
      return null;
    }
    String sub = CommandNames.subcommandOf(name);
    if (sub == null || !spec.isContainer()) {
      return spec;
    }
    return spec.subcommands().get(sub);
  }

  /**
   * Whether the keys depend on the arguments: flagged {@code movablekeys}, or described by a key
   * spec Redis itself cannot follow without running the command.
   */
  private static boolean hasMovableKeys(CommandSpec spec) {
    if (spec.has(CommandFlag.MOVABLEKEYS)) {
      return true;
    }
    for (KeySpec keySpec : spec.keySpecs()) {
      if (!(keySpec.begin() instanceof KeySpec.BeginSearch.Index)
          || !(keySpec.find() instanceof KeySpec.FindKeys.Range)) {
        return true;
      }
    }
    return false;
  }

  private static Map<Reason, RoutingDecision> toMasterByReason() {
    Map<Reason, RoutingDecision> decisions = new EnumMap<>(Reason.class);
    for (Reason reason : Reason.values()) {
      decisions.put(reason, new RoutingDecision.ToMaster(reason));
    }
    return Collections.unmodifiableMap(decisions);
  }

  private static Map<TransactionStep, RoutingDecision> transactionBySteps() {
    Map<TransactionStep, RoutingDecision> decisions = new EnumMap<>(TransactionStep.class);
    for (TransactionStep step : TransactionStep.values()) {
      decisions.put(step, new RoutingDecision.Transaction(step));
    }
    return Collections.unmodifiableMap(decisions);
  }
}
