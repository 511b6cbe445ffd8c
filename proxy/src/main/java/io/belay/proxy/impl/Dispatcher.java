package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import io.belay.protocol.command.CommandSpec;
import io.belay.proxy.ProxyMetrics.ErrorType;
import io.belay.proxy.ProxyMetrics.Route;
import io.belay.routing.BackendRef;
import io.belay.routing.BatchPlan;
import io.belay.routing.CommandCall;
import io.belay.routing.Consistency;
import io.belay.routing.ReadSelection;
import io.belay.routing.RoutingDecision;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import io.belay.routing.SessionState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Routes a session's commands, one at a time and in arrival order. A command that cannot leave
 * yet (no master during a failover, a backend's write queue full, an earlier command of the
 * session still running on another connection to the same backend: see {@link InFlight}) stops
 * the queue behind it, so that the session's commands reach each backend in the order the
 * client sent them.
 */
final class Dispatcher {

  private static final String NOAUTH = "NOAUTH Authentication required.";
  private static final String MASTERDOWN =
      "MASTERDOWN Link with MASTER is down and no failover completed in time";
  private static final String DEPOSED =
      "TRYAGAIN the master was replaced while this write was in flight, which may be lost (epoch ";

  private final Session session;
  private final ClientState client;
  private final LoopContext loop;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private final InFlight inFlight = new InFlight();
  private final LocalCommands local;
  private final Transactions transactions;
  private final Subscriber subscriber;
  private final WriteConfirmation confirmation;
  private final Runnable drainTask = this::drain;
  private boolean draining;
  private boolean redo;
  private boolean closed;

  Dispatcher(Session session, ClientState client, LoopContext loop) {
    this.session = session;
    this.client = client;
    this.loop = loop;
    this.local = new LocalCommands(session, this, client, loop);
    this.transactions = new Transactions(this, client, loop);
    this.subscriber = new Subscriber(session, this, client, loop);
    this.confirmation = new WriteConfirmation(this, client, loop);
  }

  Subscriber subscriber() {
    return subscriber;
  }

  Transactions transactions() {
    return transactions;
  }

  /** Takes the commands of one socket read: classified as a batch, then dispatched in order. */
  void accept(List<byte[][]> commands) {
    RoutingSettings settings = loop.group().settings();
    Batch batch = new Batch(settings);
    List<CommandCall> calls = new ArrayList<>(commands.size());
    for (byte[][] args : commands) {
      calls.add(new CommandCall(loop.commands().resolve(args), args));
    }
    BatchPlan plan = loop.batchClassifier().classify(calls, client.predicted);
    SessionState state = client.predicted;
    long now = System.nanoTime();
    for (int i = 0; i < calls.size(); i++) {
      RoutingDecision decision = plan.decisions().get(i);
      SessionState after = state.after(decision);
      CommandSpec spec = calls.get(i).spec();
      boolean write = isWrite(decision, spec);
      if (write) {
        batch.writes++;
      }
      queue.add(new Call(calls.get(i).args(), spec, decision, state, after, batch,
          session.replies().add(), now, write));
      state = after;
    }
    client.predicted = state;
    drain();
  }

  private static boolean isSentinel(byte[] name) {
    return new String(name, java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase("sentinel");
  }

  /** SENTINEL is answered from the election's view, as redis-sentinel would answer it. */
  private void sentinel(Call call) {
    if (call.args.length < 2) {
      answer(call, new RespValue.Error("ERR wrong number of arguments for 'sentinel' command"));
      return;
    }
    byte[][] rest = java.util.Arrays.copyOfRange(call.args, 1, call.args.length);
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    loop.group().sentinel().sentinel(rest).onComplete(ar -> context.runOnContext(v -> {
      answer(call, ar.succeeded() ? ar.result() : new RespValue.Error("ERR " + ar.cause().getMessage()));
      drain();
    }));
  }

  /** Writes as durability and read-your-writes count them: what changes data when it runs. */
  private static boolean isWrite(RoutingDecision decision, CommandSpec spec) {
    if (decision instanceof RoutingDecision.ToMaster m) {
      return m.reason() == RoutingDecision.Reason.WRITE
          || m.reason() == RoutingDecision.Reason.SCRIPT;
    }
    if (decision instanceof RoutingDecision.Transaction t) {
      return t.step() == RoutingDecision.TransactionStep.EXEC;
    }
    return decision instanceof RoutingDecision.Blocking && spec != null && spec.isWrite();
  }

  /** Dispatches queued commands until one must wait. Safe to call at any time, re-entrantly. */
  void drain() {
    if (draining) {
      redo = true;
      return;
    }
    draining = true;
    try {
      do {
        redo = false;
        while (!closed && !queue.isEmpty()) {
          Call call = queue.peek();
          if (!dispatch(call)) {
            break;
          }
          if (queue.peek() == call) {
            queue.poll();
          }
        }
      } while (redo && !closed);
    } finally {
      draining = false;
    }
    session.updateReading();
  }

  private boolean dispatch(Call call) {
    if (!client.authenticated && (call.spec == null
        || !call.spec.has(io.belay.protocol.command.CommandFlag.NO_AUTH))) {
      loop.metrics().error(ErrorType.AUTH);
      answer(call, new RespValue.Error(NOAUTH));
      return advance(call);
    }
    boolean sent = route(call);
    return sent && advance(call);
  }

  private boolean advance(Call call) {
    client.current = call.after;
    if (call.decision instanceof RoutingDecision.Local l) {
      client.lastCommand = l.command();
    } else if (call.spec != null) {
      client.lastCommand = call.spec.name();
    }
    return true;
  }

  private boolean route(Call call) {
    RoutingDecision decision = call.decision;
    if (decision instanceof RoutingDecision.Local l) {
      return local.handle(call, l.command());
    }
    if (call.spec == null && isSentinel(call.args[0])) {
      sentinel(call);
      return true;
    }
    String refusal = Unsupported.check(call);
    if (refusal == null && call.before.inMulti() && call.after.inMulti()) {
      refusal = Unsupported.checkInsideMulti(call);
    }
    if (refusal != null) {
      answerError(call, refusal, ErrorType.REPLY);
      return true;
    }
    Subscriber.Gate gate = subscriber.gate(call);
    if (gate != Subscriber.Gate.PASS) {
      return gate == Subscriber.Gate.REFUSED;
    }
    if (decision instanceof RoutingDecision.PubSub) {
      return subscriber.dispatch(call);
    }
    if (ReplicationTunnel.COMMANDS.contains(call.name())) {
      return replicate(call);
    }
    if (decision instanceof RoutingDecision.Transaction || decision instanceof RoutingDecision.Blocking
        || call.before.inMulti() || call.before.watching()) {
      return transactions.dispatch(call);
    }
    if (decision instanceof RoutingDecision.ToReplica) {
      return read(call);
    }
    return toMaster(call);
  }

  private boolean read(Call call) {
    RoutingTable table = loop.table();
    if (table == null) {
      return hold(call);
    }
    RoutingSettings settings = call.batch.settings;
    if (settings.consistency() == Consistency.READ_YOUR_WRITES
        && client.unconfirmedWriteBatches > 0) {
      return toMaster(call);
    }
    ReadSelection selection = call.batch.selection(table);
    if (selection == null) {
      selection = settings.readPolicy().select(
          table, settings.readContext(client.readYourWrites, loop.group().spread()));
      call.batch.selected(table, selection);
    }
    if (selection instanceof ReadSelection.Replica r) {
      BackendConnection connection = loop.pool().shared(r.replica(), client.protocol, client.id,
          table.hasMaster());
      if (connection != null) {
        return send(call, connection, Route.REPLICA);
      }
      return table.hasMaster() ? toMaster(call) : unavailable(call, r.replica());
    }
    if (selection instanceof ReadSelection.Unavailable u
        && u.cause() == ReadSelection.Cause.NO_ELIGIBLE_REPLICA) {
      answerError(call, "ERR no replica can serve reads (read-policy "
          + settings.readPolicy().configName() + ")", ErrorType.BACKEND_UNAVAILABLE);
      return true;
    }
    return toMaster(call);
  }

  /**
   * The client is becoming a replica: once its earlier commands were answered, the session is
   * handed over to the master with this command and every one queued behind it.
   */
  private boolean replicate(Call call) {
    if (!inFlight.isEmpty()) {
      return false;
    }
    BackendRef master = master();
    if (master == null) {
      return hold(call);
    }
    List<byte[][]> commands = new ArrayList<>(queue.size());
    for (Call queued : queue) {
      commands.add(queued.args);
    }
    queue.clear();
    call.replied = true;
    session.replicateFrom(call.slot, master, commands);
    return true;
  }

  /** Sends on the session's shared connection to the master, holding it during a failover. */
  boolean toMaster(Call call) {
    BackendRef master = master();
    if (master == null) {
      return hold(call);
    }
    BackendConnection connection = loop.pool().shared(master, client.protocol, client.id, false);
    return connection == null ? unavailable(call, master) : send(call, connection, Route.MASTER);
  }

  /** Like {@link #toMaster} for a command the proxy answers with the master's help. */
  boolean forwardToMaster(Call call, byte[][] args,
      java.util.function.UnaryOperator<RespValue> transform) {
    call.sendArgs = args;
    call.transform = transform;
    return toMaster(call);
  }

  /** The master now, or {@code null} while the table has none. */
  BackendRef master() {
    RoutingTable table = loop.table();
    return table == null ? null : table.master();
  }

  /**
   * A command that needs the master while there is none: waits for a table with a master, up to
   * {@code hold-writes} from its arrival, then fails with MASTERDOWN.
   */
  boolean hold(Call call) {
    long waited = System.nanoTime() - call.arrivalNanos;
    if (waited >= loop.options().holdWrites().toNanos()) {
      answerError(call, MASTERDOWN, ErrorType.MASTER_DOWN);
      return true;
    }
    loop.waitForMaster(session);
    return false;
  }

  boolean unavailable(Call call, BackendRef backend) {
    answerError(call, "ERR backend " + backend.address() + " unavailable, reconnecting",
        ErrorType.BACKEND_UNAVAILABLE);
    return true;
  }

  /**
   * Sends {@code call} on {@code connection} unless it must wait: for an earlier command still
   * running on another connection to the same backend, or for the backend's write queue.
   */
  boolean send(Call call, BackendConnection connection, Route route) {
    if (inFlight.mustWait(connection, drainTask)) {
      return false;
    }
    call.protocol = client.protocol;
    call.route = connection.inProcess() ? Route.IN_PROCESS : route;
    inFlight.sent(connection);
    confirmation.beforeSend(call, connection);
    call.dispatcher = this;
    call.connection = connection;
    // Replies the proxy does not look into reach the client as the backend sent them.
    call.forwardRaw = call.transform == null && !call.held
        && !(call.decision instanceof RoutingDecision.Transaction)
        && connection.protocol() == call.protocol;
    connection.send(call.sendArgs, client.db, timeoutNanos(call), call);
    confirmation.afterSend(call);
    return true;
  }

  /** Sends a command of the proxy's own (WAIT, ROLE, DISCARD) in the session's order. */
  void sendHidden(BackendConnection connection, byte[][] args, long timeoutNanos,
      Consumer<RespValue> handler) {
    inFlight.sent(connection);
    connection.send(args, -1, timeoutNanos, reply -> {
      inFlight.answered(connection);
      handler.accept(reply);
      drain();
    });
  }

  /**
   * Calls {@code handler} with the master's offset after everything sent on {@code connection}
   * (see {@link BackendConnection#offsetAfterSent}), counted as in flight for the session like a
   * command of its own, so that a dedicated connection is not given back before it answered.
   */
  void offsetAfterSent(BackendConnection connection, java.util.function.LongConsumer handler) {
    inFlight.sent(connection);
    connection.offsetAfterSent(offset -> {
      inFlight.answered(connection);
      handler.accept(offset);
      transactions.releaseIfDone();
      drain();
    });
  }

  private long timeoutNanos(Call call) {
    if (call.decision instanceof RoutingDecision.Blocking) {
      return 0;
    }
    long timeout = loop.options().commandTimeout().toNanos();
    if (call.args.length == 3 && Resp.is(call.args[0], "wait")) {
      // WAIT blocks for its own timeout (0: until enough replicas acknowledged).
      Long millis = Resp.parseLong(call.args[2]);
      return millis == null || millis <= 0 ? 0 : timeout + millis * 1_000_000L;
    }
    return timeout;
  }

  /** A reply forwarded as the backend sent it (see {@link Call#forwardRaw}). */
  void onRawReply(Call call, BackendConnection connection, byte[] buf, int start, int end) {
    inFlight.answered(connection);
    if (!call.replied) {
      byte marker = buf[start];
      boolean error = marker == '-' || marker == '!';
      if (call.write && !error && deposed(call, connection)) {
        // as in onReply: an acknowledgement from a master replaced meanwhile is not passed on
        complete(call, new RespValue.Error(DEPOSED + loop.table().epoch() + ")"));
      } else {
        call.replied = true;
        if (error) {
          loop.metrics().error(errorType(Resp.errorLine(buf, start, end)));
        }
        loop.metrics().command(call.family(), call.route, System.nanoTime() - call.arrivalNanos);
        session.replies().complete(call.slot, java.util.Arrays.copyOfRange(buf, start, end));
      }
    }
    transactions.releaseIfDone();
    drain();
  }

  void onReply(Call call, BackendConnection connection, RespValue reply) {
    inFlight.answered(connection);
    transactions.onReply(call, reply);
    RespValue value = call.transform == null ? reply : call.transform.apply(reply);
    if (call.write && !Resp.isError(value) && deposed(call, connection)) {
      // the old master answered after the failover (it was paused, or slow): the new master
      // never saw this write, and the old one will be resynchronised from it
      value = new RespValue.Error(DEPOSED + loop.table().epoch() + ")");
    }
    if (call.held) {
      confirmation.replied(call, value);
    } else {
      complete(call, value);
    }
    transactions.releaseIfDone();
    drain();
  }

  /**
   * Whether the write's reply comes from a master that a table of a later epoch has replaced.
   * Such an acknowledgement must not reach the client: the write is on the deposed master only.
   */
  private boolean deposed(Call call, BackendConnection connection) {
    RoutingTable table = loop.table();
    long sentIn = call.batch.writeEpoch;
    return table != null && sentIn >= 0 && table.epoch() > sentIn && table.hasMaster()
        && !table.master().equals(connection.backend());
  }

  /** Completes a command with a backend's reply. */
  void complete(Call call, RespValue reply) {
    if (call.replied) {
      return;
    }
    call.replied = true;
    if (Resp.isError(reply)) {
      loop.metrics().error(errorType(Resp.errorMessage(reply)));
    }
    loop.metrics().command(call.family(), call.route, System.nanoTime() - call.arrivalNanos);
    session.replies().complete(call.slot, session.encode(reply, call.protocol));
  }

  /** Completes a command with several values in a row (subscription confirmations). */
  void completeAll(Call call, List<RespValue> replies) {
    if (call.replied) {
      return;
    }
    call.replied = true;
    loop.metrics().command(call.family(), call.route, System.nanoTime() - call.arrivalNanos);
    session.replies().complete(call.slot, session.encode(replies, call.protocol));
  }

  /** Answers a command from the proxy itself, in the client's current protocol. */
  void answer(Call call, RespValue reply) {
    call.protocol = client.protocol;
    call.route = Route.LOCAL;
    complete(call, reply);
    if (call.write) {
      confirmation.settledWithoutSending(call);
    }
  }

  /** Answers with several values in a row, from the proxy itself. */
  void answerAll(Call call, List<RespValue> replies) {
    call.protocol = client.protocol;
    call.route = Route.LOCAL;
    completeAll(call, replies);
  }

  void answerError(Call call, String message, ErrorType type) {
    loop.metrics().error(type);
    call.protocol = client.protocol;
    call.route = Route.LOCAL;
    call.replied = true;
    loop.metrics().command(call.family(), call.route, System.nanoTime() - call.arrivalNanos);
    session.replies().complete(call.slot,
        session.encode(new RespValue.Error(message), call.protocol));
    transactions.onLocalError(call, message);
    if (call.write) {
      confirmation.settledWithoutSending(call);
    }
  }

  private static ErrorType errorType(String message) {
    if (message.startsWith("ERR backend ")) {
      return message.endsWith("timed out") ? ErrorType.TIMEOUT : ErrorType.BACKEND_UNAVAILABLE;
    }
    if (message.startsWith("TRYAGAIN the master was replaced")) {
      return ErrorType.MASTER_DOWN;
    }
    return message.startsWith("NOREPLICAS") ? ErrorType.NO_REPLICAS : ErrorType.REPLY;
  }

  /** True when no command of the session is waiting for a backend. */
  boolean idle() {
    return inFlight.isEmpty() && queue.isEmpty();
  }

  boolean nothingInFlight() {
    return inFlight.isEmpty();
  }

  /** Commands sent on {@code connection} and not answered yet. */
  int inFlight(BackendConnection connection) {
    return inFlight.on(connection);
  }

  /** RESET: everything the session holds on backends goes. */
  void reset() {
    transactions.shutdown(true);
    subscriber.shutdown();
  }

  /** The client went away: drop queued commands and give back or close connections. */
  void shutdown() {
    closed = true;
    queue.clear();
    transactions.shutdown(false);
    subscriber.shutdown();
  }

  /** QUIT: nothing after it runs. */
  void discardQueued() {
    queue.clear();
  }
}
