package io.belay.routing;

import java.util.Objects;

/**
 * Where one command goes, decided from the command table and the session alone (DESIGN decision
 * 4). Only {@link ToReplica} lets a read policy pick a replica; every other outcome is the master,
 * the proxy itself, or a dedicated master connection.
 */
public sealed interface RoutingDecision {

  /** True when a read policy may send the command to a replica. */
  boolean replicaEligible();

  /** True when the command must reach the master (or a connection to it). */
  boolean needsMaster();

  /** Why a command that is not a transaction step, pub/sub or blocking goes to the master. */
  enum Reason {
    /** The command table does not know the command (or the subcommand). */
    UNKNOWN_COMMAND,
    /** Flagged {@code write}. */
    WRITE,
    /** EVAL, EVALSHA, FCALL: a script may write; only the {@code _RO} variants are reads. */
    SCRIPT,
    /**
     * EVALSHA_RO: Redis 7 no longer replicates the script cache, so a replica may answer
     * {@code NOSCRIPT} for a script the master has.
     */
    SCRIPT_CACHE,
    /** Neither write nor flagged {@code readonly} (admin, PUBLISH, ...): not on the allowlist. */
    NOT_READONLY,
    /** The argument count does not satisfy the arity; the master gives the error. */
    WRONG_ARITY,
    /** Keys depend on the arguments and cannot be found in them. */
    UNRESOLVED_KEYS,
    /** Queued inside MULTI; the master runs it at EXEC. */
    IN_TRANSACTION,
    /** WATCH is active on this session's master connection. */
    WATCHING,
    /** Part of a pipeline batch that also holds a command bound to the master. */
    BATCH_WITH_WRITE
  }

  /** The transaction commands, each pinned to the session's master connection. */
  enum TransactionStep {
    MULTI,
    EXEC,
    DISCARD,
    WATCH,
    UNWATCH
  }

  /** Send to the master over the shared connections. */
  record ToMaster(Reason reason) implements RoutingDecision {
    public ToMaster {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean replicaEligible() {
      return false;
    }

    @Override
    public boolean needsMaster() {
      return true;
    }
  }

  /** A read on the allowlist: the read policy chooses a replica or the master. */
  record ToReplica() implements RoutingDecision {
    @Override
    public boolean replicaEligible() {
      return true;
    }

    @Override
    public boolean needsMaster() {
      return false;
    }
  }

  /**
   * Answered by the proxy itself.
   *
   * @param command lower-case Redis name, {@code "container|sub"} for a subcommand
   *                ({@code "ping"}, {@code "client|setname"})
   */
  record Local(String command) implements RoutingDecision {
    public Local {
      Objects.requireNonNull(command, "command");
    }

    @Override
    public boolean replicaEligible() {
      return false;
    }

    @Override
    public boolean needsMaster() {
      return false;
    }
  }

  /** (P|S)SUBSCRIBE and (P|S)UNSUBSCRIBE: the session's subscription connection to the master. */
  record PubSub() implements RoutingDecision {
    @Override
    public boolean replicaEligible() {
      return false;
    }

    @Override
    public boolean needsMaster() {
      return true;
    }
  }

  /** May block (BLPOP, XREAD BLOCK, ...): a master connection dedicated to the session. */
  record Blocking() implements RoutingDecision {
    @Override
    public boolean replicaEligible() {
      return false;
    }

    @Override
    public boolean needsMaster() {
      return true;
    }
  }

  /** A transaction command, pinned with the rest of the transaction to one master connection. */
  record Transaction(TransactionStep step) implements RoutingDecision {
    public Transaction {
      Objects.requireNonNull(step, "step");
    }

    @Override
    public boolean replicaEligible() {
      return false;
    }

    @Override
    public boolean needsMaster() {
      return true;
    }
  }
}
