package io.belay.proxy.impl;

import java.util.Set;

/**
 * Commands that would change the state of a backend connection other sessions share, or take the
 * connection over, and that the proxy therefore refuses rather than let one client break others.
 */
final class Unsupported {

  /**
   * MONITOR takes the connection over; tracking and reply suppression change what a shared
   * connection sends back, which would desynchronise every session on it. (Replication commands
   * take the client's connection over too, but get a master connection of their own: see
   * {@link ReplicationTunnel}.)
   */
  private static final Set<String> REFUSED = Set.of(
      "monitor", "client|tracking", "client|caching",
      "client|getredir", "client|trackinginfo");

  /**
   * Connection state a transaction would change on the master connection only when EXEC runs,
   * behind the proxy's back: the database, the protocol, the user, the name.
   */
  private static final Set<String> NOT_IN_MULTI = Set.of(
      "select", "hello", "auth", "client|setname", "client|setinfo", "replconf", "sync", "psync");

  private Unsupported() {
  }

  /** The error for a command queued inside MULTI that the proxy cannot let the master queue. */
  static String checkInsideMulti(Call call) {
    String name = call.name();
    if (NOT_IN_MULTI.contains(name)) {
      return "ERR " + name.toUpperCase(java.util.Locale.ROOT).replace('|', ' ')
          + " inside MULTI is not supported through the Belay proxy";
    }
    return null;
  }

  /** The error to answer, without the dash, or {@code null} when the command may pass. */
  static String check(Call call) {
    String name = call.name();
    if (REFUSED.contains(name)) {
      return "ERR " + name.toUpperCase(java.util.Locale.ROOT).replace('|', ' ')
          + " is not supported through the Belay proxy";
    }
    if (name.equals("client|reply") && !(call.args.length == 3 && Resp.is(call.args[2], "on"))) {
      return "ERR CLIENT REPLY OFF|SKIP is not supported through the Belay proxy";
    }
    return null;
  }
}
