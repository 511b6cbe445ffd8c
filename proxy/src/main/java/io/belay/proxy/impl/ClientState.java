package io.belay.proxy.impl;

import io.belay.routing.ReadYourWrites;
import io.belay.routing.SessionState;

/** What the proxy remembers about one client connection, as Redis would about its client. */
final class ClientState {

  final long id;
  final String address;
  final String localAddress;
  final long createdNanos = System.nanoTime();

  int db;
  /** 2 or 3, as chosen with HELLO. */
  int protocol = 2;
  String name;
  boolean authenticated;
  String libName;
  String libVersion;
  /** The last known command dispatched, as CLIENT INFO names it. */
  String lastCommand = "NULL";
  long lastActivityNanos = createdNanos;

  /** The state after every command accepted so far: what classification starts from. */
  SessionState predicted = SessionState.IDLE;
  /** The state after every command dispatched so far. */
  SessionState current = SessionState.IDLE;

  /**
   * The transaction cannot go on: MULTI failed or its connection was lost. Commands until EXEC
   * or DISCARD get an error, EXEC answers EXECABORT.
   */
  boolean transactionFailed;
  /**
   * The proxy refused to queue a command inside MULTI, as Redis refuses one with a syntax
   * error: the rest is still queued, and EXEC answers EXECABORT.
   */
  boolean transactionDirty;
  /** The connection that held this client's WATCH was lost: the next EXEC must fail. */
  boolean watchLost;

  /** Read-your-writes bookkeeping; used only while the consistency setting asks for it. */
  final ReadYourWrites readYourWrites;
  /** Write batches whose replication offset has not been read yet: their reads go to master. */
  int unconfirmedWriteBatches;

  ClientState(long id, String address, String localAddress, boolean authenticated,
      ReadYourWrites readYourWrites) {
    this.id = id;
    this.address = address;
    this.localAddress = localAddress;
    this.authenticated = authenticated;
    this.readYourWrites = readYourWrites;
  }

  /** RESET: a new connection's state, as far as the client can tell. */
  void reset(boolean authenticatedWithoutPassword) {
    db = 0;
    protocol = 2;
    name = null;
    authenticated = authenticatedWithoutPassword;
    // predicted and current already account for RESET: classification saw it.
    transactionFailed = false;
    transactionDirty = false;
    watchLost = false;
  }
}
