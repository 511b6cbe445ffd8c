package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import io.belay.protocol.command.CommandSpec;
import io.belay.proxy.ProxyMetrics.Route;
import io.belay.routing.RoutingDecision;
import io.belay.routing.SessionState;
import java.util.function.UnaryOperator;

/**
 * One client command on its way through the proxy: what it is, where it goes, where it went.
 * It is its own reply handler on the backend connection it was sent on.
 */
final class Call implements BackendConnection.ReplyHandler {

  final byte[][] args;
  /** What goes to the backend: the arguments, unless the proxy rewrote them (INFO). */
  byte[][] sendArgs;
  /** The table's spec (the subcommand's when resolved), or {@code null} for an unknown command. */
  final CommandSpec spec;
  final RoutingDecision decision;
  /** The session state before and after this command, as classification predicted it. */
  final SessionState before;
  final SessionState after;
  final Batch batch;
  final ReplyQueue.Slot slot;
  final long arrivalNanos;
  /** Counts as a write for durability and read-your-writes. */
  final boolean write;

  /** The client's protocol when the command was dispatched: its reply is encoded in it. */
  int protocol = 2;
  Route route = Route.LOCAL;
  /** Rewrites the backend's reply before the client sees it (INFO adds the proxy section). */
  UnaryOperator<RespValue> transform;
  /** Under replica-ack: sent, and its reply kept here until the batch's WAIT answers. */
  boolean held;
  /** Where a write went, for its batch's WAIT. */
  BackendConnection sentOn;
  RespValue heldReply;
  boolean replied;
  /** Set when sent: who handles the reply, and the connection it comes on. */
  Dispatcher dispatcher;
  BackendConnection connection;
  /** The reply goes to the client as the backend sent it, without being decoded. */
  boolean forwardRaw;

  Call(byte[][] args, CommandSpec spec, RoutingDecision decision, SessionState before,
      SessionState after, Batch batch, ReplyQueue.Slot slot, long arrivalNanos, boolean write) {
    this.args = args;
    this.sendArgs = args;
    this.spec = spec;
    this.decision = decision;
    this.before = before;
    this.after = after;
    this.batch = batch;
    this.slot = slot;
    this.arrivalNanos = arrivalNanos;
    this.write = write;
  }

  @Override
  public void onReply(RespValue reply) {
    dispatcher.onReply(this, connection, reply);
  }

  @Override
  public boolean acceptsRaw() {
    return forwardRaw;
  }

  @Override
  public void onRawReply(byte[] buf, int start, int end) {
    dispatcher.onRawReply(this, connection, buf, start, end);
  }

  /** The command table's family for metrics; {@code null} when the table does not know it. */
  String family() {
    return spec == null ? null : spec.group();
  }

  /** The lower-case name Redis reports ({@code get}, {@code client|setname}). */
  String name() {
    if (decision instanceof RoutingDecision.Local local) {
      return local.command();
    }
    if (spec != null && !spec.isContainer()) {
      return spec.name();
    }
    String name = new String(args[0], java.nio.charset.StandardCharsets.UTF_8)
        .toLowerCase(java.util.Locale.ROOT);
    if (spec != null && args.length > 1) {
      return name + '|' + new String(args[1], java.nio.charset.StandardCharsets.UTF_8)
          .toLowerCase(java.util.Locale.ROOT);
    }
    return name;
  }
}
