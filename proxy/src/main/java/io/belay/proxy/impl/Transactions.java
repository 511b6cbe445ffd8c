package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import io.belay.proxy.ProxyMetrics.ErrorType;
import io.belay.proxy.ProxyMetrics.Route;
import io.belay.routing.BackendRef;
import io.belay.routing.RoutingDecision;
import io.belay.routing.RoutingDecision.TransactionStep;

/**
 * A session's dedicated master connection: MULTI ... EXEC, WATCH and blocking commands run on a
 * connection no other session uses, held for as long as the transaction, the WATCH or the
 * blocking command lasts, then given back to the pool.
 *
 * <p>If that connection is lost, the server forgot the transaction and the watched keys. The
 * proxy then answers as Redis would for a transaction that cannot succeed: commands still queued
 * get an error, EXEC gets EXECABORT, and an EXEC after a lost WATCH gets the null reply of a
 * failed WATCH, since nobody can show that the watched keys did not change.
 */
final class Transactions {

  private static final RespValue OK = new RespValue.SimpleString("OK");
  private static final String EXECABORT =
      "EXECABORT Transaction discarded because of previous errors.";

  private final Dispatcher dispatcher;
  private final ClientState client;
  private final LoopContext loop;
  private BackendConnection exclusive;
  private String failure;

  Transactions(Dispatcher dispatcher, ClientState client, LoopContext loop) {
    this.dispatcher = dispatcher;
    this.client = client;
    this.loop = loop;
  }

  boolean dispatch(Call call) {
    TransactionStep step = call.decision instanceof RoutingDecision.Transaction t ? t.step() : null;
    if (call.before.inMulti() && client.transactionFailed) {
      return answerFailed(call, step);
    }
    if (step == TransactionStep.EXEC && call.before.inMulti() && client.transactionDirty) {
      discardOnServer();
      clearFlags();
      dispatcher.answerError(call, EXECABORT, ErrorType.REPLY);
      return true;
    }
    if (step == TransactionStep.EXEC && call.before.inMulti() && client.watchLost) {
      discardOnServer();
      client.watchLost = false;
      dispatcher.answer(call, new RespValue.Null('*'));
      return true;
    }
    BackendRef master = dispatcher.master();
    if (exclusive == null || exclusive.isClosed()) {
      if (master == null) {
        return dispatcher.hold(call);
      }
      BackendConnection connection = loop.pool().dedicated(master, client.protocol);
      if (connection == null) {
        return dispatcher.unavailable(call, master);
      }
      exclusive = connection;
      connection.owner(this::lost);
    }
    return dispatcher.send(call, exclusive, Route.MASTER);
  }

  private boolean answerFailed(Call call, TransactionStep step) {
    if (step == TransactionStep.EXEC || step == TransactionStep.DISCARD) {
      discardOnServer();
      clearFlags();
      if (step == TransactionStep.EXEC) {
        dispatcher.answerError(call, EXECABORT, ErrorType.REPLY);
      } else {
        dispatcher.answer(call, OK);
      }
      return true;
    }
    if (step == TransactionStep.MULTI) {
      dispatcher.answer(call, new RespValue.Error("ERR MULTI calls can not be nested"));
    } else if (step == TransactionStep.WATCH) {
      dispatcher.answer(call, new RespValue.Error("ERR WATCH inside MULTI is not allowed"));
    } else {
      dispatcher.answer(call, new RespValue.Error("ERR transaction aborted: " + failure));
    }
    return true;
  }

  /** Drops what the server queued for a transaction the client will see fail. */
  private void discardOnServer() {
    if (exclusive != null && exclusive.isOpen()) {
      dispatcher.sendHidden(exclusive, Resp.command("DISCARD"),
          loop.options().commandTimeout().toNanos(), reply -> { });
    }
  }

  /** Corrects the session's view of its transaction from a reply the master gave. */
  void onReply(Call call, RespValue reply) {
    if (!(call.decision instanceof RoutingDecision.Transaction t)) {
      return;
    }
    switch (t.step()) {
      case MULTI -> {
        if (Resp.isError(reply) && !call.before.inMulti()) {
          fail(Resp.errorMessage(reply));
        }
      }
      case EXEC, DISCARD -> {
        if (call.before.inMulti()) {
          clearFlags();
        }
        if (exclusive != null) {
          // Whatever ran inside is the master's business; never trust the tracked database.
          exclusive.forgetDatabase();
        }
      }
      case UNWATCH -> {
        if (!call.before.inMulti()) {
          client.watchLost = false;
        }
      }
      default -> {
      }
    }
  }

  /**
   * A MULTI the proxy could not send breaks the transaction; a command it refused to queue makes
   * it fail at EXEC, like a command Redis refuses to queue.
   */
  void onLocalError(Call call, String message) {
    boolean multi = call.decision instanceof RoutingDecision.Transaction t
        && t.step() == TransactionStep.MULTI && !call.before.inMulti();
    if (multi) {
      fail(message);
    } else if (call.before.inMulti() && call.after.inMulti()) {
      client.transactionDirty = true;
    }
  }

  private void clearFlags() {
    client.transactionFailed = false;
    client.transactionDirty = false;
    client.watchLost = false;
  }

  private void fail(String why) {
    client.transactionFailed = true;
    failure = why;
  }

  private void lost(BackendConnection connection) {
    if (connection != exclusive) {
      return;
    }
    exclusive = null;
    if (client.current.inMulti()) {
      fail("the connection to the master was lost");
    }
    if (client.current.watching() || client.current.inMulti()) {
      client.watchLost = true;
    }
  }

  /** Gives the connection back once nothing on it belongs to the session any more. */
  void releaseIfDone() {
    if (exclusive != null && dispatcher.inFlight(exclusive) == 0
        && !client.current.inMulti() && !client.current.watching()) {
      BackendConnection connection = exclusive;
      exclusive = null;
      loop.pool().release(connection);
    }
  }

  /**
   * RESET or the client leaving. A connection still busy or inside a transaction is closed, which
   * is also how Redis unblocks a client and forgets its MULTI and WATCH.
   */
  void shutdown(boolean reset) {
    BackendConnection connection = exclusive;
    exclusive = null;
    if (reset) {
      clearFlags();
    }
    if (connection == null) {
      return;
    }
    connection.owner(null);
    if (dispatcher.inFlight(connection) == 0 && !client.current.inMulti()
        && !client.current.watching()) {
      loop.pool().release(connection);
    } else {
      connection.close();
    }
  }
}
