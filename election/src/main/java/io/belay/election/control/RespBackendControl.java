package io.belay.election.control;

import io.belay.election.async.Deadline;
import io.belay.election.probe.ReplyParser;
import io.belay.election.resp.RespLink;
import io.belay.protocol.RespValue;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link BackendControl} over a short-lived RESP connection per order. Orders are rare (a
 * failover sends a handful), so a fresh connection costs nothing and never inherits a stalled
 * probe link. Whether the backend is a Belay backend is asked every time with
 * {@code BELAY EPOCH}: a stock redis-server answers {@code -ERR unknown command}.
 */
public final class RespBackendControl implements BackendControl {

  private final Vertx vertx;
  private final NetClient client;
  private final BackendRef backend;
  private final long timeoutMillis;

  public RespBackendControl(Vertx vertx, NetClient client, BackendRef backend,
      long timeoutMillis) {
    this.vertx = vertx;
    this.client = client;
    this.backend = backend;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public BackendRef backend() {
    return backend;
  }

  @Override
  public Future<Void> promote(long epoch) {
    return withFlavor((link, belay) -> belay
        ? expectOk(link.send("BELAY", "PROMOTE", Long.toString(epoch)))
        : expectOk(link.send("REPLICAOF", "NO", "ONE")));
  }

  @Override
  public Future<Void> replicaOf(long epoch, BackendRef master) {
    String port = Integer.toString(master.port());
    return withFlavor((link, belay) -> belay
        ? expectOk(link.send("BELAY", "REPLICAOF", Long.toString(epoch), master.host(), port))
        : expectOk(link.send("REPLICAOF", master.host(), port)));
  }

  @Override
  public Future<Void> fence(long epoch) {
    return withFlavor((link, belay) -> belay
        ? expectOk(link.send("BELAY", "FENCE", Long.toString(epoch)))
        : Future.succeededFuture());
  }

  @Override
  public Future<ReplicationState> replication() {
    return withLink(link -> link.send("INFO", "replication").map(reply -> {
      String text = ReplyParser.text(reply);
      if (text == null) {
        throw new ControlException(backend.address() + ": INFO replication answered " + reply);
      }
      Map<String, String> f = ReplyParser.infoFields(text);
      boolean replica = "slave".equals(f.get("role"));
      long offset = parse(f.get(replica ? "slave_repl_offset" : "master_repl_offset"));
      return new ReplicationState(replica ? BackendRole.REPLICA : BackendRole.MASTER, offset,
          f.get("master_host"), (int) parse(f.get("master_port")),
          !replica || "up".equals(f.get("master_link_status")));
    }));
  }

  @Override
  public Future<Void> pauseWrites(long millis) {
    return withLink(link -> expectOk(link.send("CLIENT", "PAUSE", Long.toString(millis), "WRITE")));
  }

  @Override
  public Future<Void> unpauseWrites() {
    return withLink(link -> expectOk(link.send("CLIENT", "UNPAUSE")));
  }

  private interface FlavoredOrder {
    Future<Void> send(RespLink link, boolean belay);
  }

  private Future<Void> withFlavor(FlavoredOrder order) {
    return withLink(link -> link.send("BELAY", "EPOCH").compose(reply -> {
      if (reply instanceof RespValue.Integer) {
        return order.send(link, true);
      }
      if (reply instanceof RespValue.Error e && e.message().toLowerCase().contains("unknown")) {
        return order.send(link, false);
      }
      return Future.failedFuture(new ControlException(
          backend.address() + ": BELAY EPOCH answered " + reply));
    }));
  }

  private <T> Future<T> withLink(Function<RespLink, Future<T>> body) {
    return RespLink.connect(client, backend)
        .recover(e -> Future.failedFuture(new ControlException(
            "cannot reach " + backend.address() + ": " + e.getMessage())))
        .compose(link -> Deadline.within(vertx, body.apply(link), timeoutMillis,
                backend.address() + " did not answer within " + timeoutMillis + " ms")
            .eventually(() -> {
              link.close();
              return Future.succeededFuture();
            }));
  }

  private Future<Void> expectOk(Future<RespValue> reply) {
    return reply.compose(r -> r instanceof RespValue.Error e
        ? Future.failedFuture(new ControlException(backend.address() + ": " + e.message()))
        : Future.succeededFuture());
  }

  private static long parse(String s) {
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
