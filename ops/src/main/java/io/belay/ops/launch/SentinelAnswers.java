package io.belay.ops.launch;

import io.belay.election.Election;
import io.belay.protocol.RespValue;
import io.belay.proxy.SentinelApi;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SENTINEL on a proxy port, answered from the election as redis-sentinel answers it, so
 * Sentinel-aware clients (and the tools operators already have) keep working.
 */
final class SentinelAnswers implements SentinelApi {

  private final Election election;

  SentinelAnswers(Election election) {
    this.election = election;
  }

  @Override
  public Future<RespValue> sentinel(byte[][] args) {
    String sub = text(args[0]).toLowerCase(Locale.ROOT);
    String name = args.length > 1 ? text(args[1]) : null;
    Future<RespValue> reply = switch (sub) {
      case "get-master-addr-by-name" -> needName(name).compose(n -> election.masterAddress(n)).map(addr -> addr
          .<RespValue>map(a -> new RespValue.Array(List.of(RespValue.bulk(a.host()), RespValue.bulk(Integer.toString(a.port())))))
          .orElse(new RespValue.Null('*')));
      case "masters" -> election.masters().map(ms -> new RespValue.Array(ms.stream().map(m -> fields(m.fields())).toList()));
      case "master" -> needName(name).compose(election::master).map(m -> fields(m.fields()));
      case "replicas", "slaves" -> needName(name).compose(election::replicas)
          .map(rs -> new RespValue.Array(rs.stream().map(r -> fields(r.fields())).toList()));
      case "sentinels" -> needName(name).compose(election::sentinels)
          .map(ss -> new RespValue.Array(ss.stream().map(s -> fields(s.fields())).toList()));
      case "ckquorum" -> needName(name).compose(election::ckquorum).map(q -> q.ok()
          ? new RespValue.SimpleString(q.reply()) : new RespValue.Error(q.reply()));
      case "failover" -> needName(name).compose(election::failover).map(v -> RespValue.ok());
      case "reset" -> needName(name).compose(election::reset).map(n -> new RespValue.Integer(n));
      default -> Future.succeededFuture(new RespValue.Error("ERR Unknown sentinel subcommand '" + text(args[0]) + "'"));
    };
    return reply.recover(e -> Future.succeededFuture(new RespValue.Error(
        e.getMessage() != null && e.getMessage().startsWith("ERR") ? e.getMessage() : "ERR " + e.getMessage())));
  }

  private static Future<String> needName(String name) {
    return name == null
        ? Future.failedFuture("ERR wrong number of arguments for 'sentinel' command")
        : Future.succeededFuture(name);
  }

  private static RespValue fields(Map<String, String> fields) {
    List<RespValue> flat = new ArrayList<>(fields.size() * 2);
    fields.forEach((k, v) -> {
      flat.add(RespValue.bulk(k));
      flat.add(RespValue.bulk(v));
    });
    return new RespValue.Array(flat);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
