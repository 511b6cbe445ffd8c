package io.belay.proxy.impl;

import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;

/** The proxy's own INFO section and the identity it gives in HELLO. */
final class ProxyInfo {

  /** The Redis version whose command table and replies the proxy follows. */
  static final String REDIS_VERSION = "7.0.0";

  private ProxyInfo() {
  }

  static String section(LoopContext loop, ClientState client) {
    RoutingTable table = loop.table();
    RoutingSettings settings = loop.group().settings();
    StringBuilder out = new StringBuilder("# Proxy\r\n");
    line(out, "proxy_group", loop.group().name());
    line(out, "proxy_listen", loop.options().host() + ":" + loop.server().port());
    line(out, "proxy_epoch", table == null ? "-1" : Long.toString(table.epoch()));
    line(out, "proxy_master", table == null || !table.hasMaster() ? "none"
        : table.master().address());
    line(out, "proxy_replicas", table == null ? "0" : Integer.toString(table.replicas().size()));
    line(out, "proxy_read_policy", settings.readPolicy().configName());
    line(out, "proxy_consistency", settings.consistency().configName());
    line(out, "proxy_durability", settings.durability().configName());
    line(out, "proxy_hold_writes_ms", Long.toString(loop.options().holdWrites().toMillis()));
    line(out, "proxy_connected_clients", Integer.toString(loop.server().clients()));
    line(out, "proxy_event_loops", Integer.toString(loop.options().eventLoops()));
    line(out, "proxy_backend_connections", Integer.toString(loop.pool().openConnections()));
    line(out, "proxy_client_id", Long.toString(client.id));
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append(':').append(value).append("\r\n");
  }
}
