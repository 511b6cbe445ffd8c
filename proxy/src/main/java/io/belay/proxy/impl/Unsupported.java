package io.belay.proxy.impl;

import java.util.Set;

/**
 * Commands that would change the state of a backend connection other sessions share, or take the
 * connection over, and that the proxy therefore refuses rather than let one client break others.
 */
final class Unsupported {

  /**
   * MONITOR and replication streams take the connection over; tracking and reply suppression
   * change what a shared connection sends back, which would desynchronise every session on it.
   */
  private static final Set<String> REFUSED = Set.of(
      "monitor", "sync", "psync", "replconf", "client|tracking", "client|caching",
      "client|getredir", "client|trackinginfo");

  private Unsupported() {
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
