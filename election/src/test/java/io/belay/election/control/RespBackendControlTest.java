package io.belay.election.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.support.FakeRespServer;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RespBackendControlTest {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private FakeRespServer server;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /** A Belay backend with the fence at {@code epoch[0]}. */
  private static String belay(List<String> cmd, long[] epoch) {
    String name = cmd.get(0).toUpperCase();
    if (name.equals("BELAY")) {
      if (cmd.get(1).equalsIgnoreCase("EPOCH")) {
        return ":" + epoch[0] + "\r\n";
      }
      long asked = Long.parseLong(cmd.get(2));
      if (asked < epoch[0]) {
        return "-FENCED epoch " + asked + " is older than this backend's epoch " + epoch[0]
            + "\r\n";
      }
      epoch[0] = asked;
      return "+OK\r\n";
    }
    if (name.equals("INFO")) {
      return FakeRespServer.bulk("# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\n"
          + "master_port:7001\r\nmaster_link_status:up\r\nslave_repl_offset:77\r\n");
    }
    return "-ERR unexpected\r\n";
  }

  private <T> T call(Function<BackendControl, Future<T>> body, long timeout) throws Exception {
    BackendControl control = new RespBackendControl(vertx, client,
        new BackendRef("x", "127.0.0.1", server.port()), timeout);
    CompletableFuture<T> out = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> body.apply(control).onComplete(ar -> {
      if (ar.succeeded()) {
        out.complete(ar.result());
      } else {
        out.completeExceptionally(ar.cause());
      }
    }));
    return out.get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldSendFencedOrdersToABelayBackend() throws Exception {
    long[] epoch = {3};
    server = new FakeRespServer(vertx, cmd -> belay(cmd, epoch));
    call(c -> c.promote(5), 1_000);
    call(c -> c.replicaOf(6, new BackendRef("m", "127.0.0.1", 7001)), 1_000);
    assertEquals(List.of("BELAY EPOCH", "BELAY PROMOTE 5", "BELAY EPOCH",
        "BELAY REPLICAOF 6 127.0.0.1 7001"), server.received);
    assertEquals(6, epoch[0]);
  }

  @Test
  void shouldReportARefusalFromTheFence() throws Exception {
    long[] epoch = {9};
    server = new FakeRespServer(vertx, cmd -> belay(cmd, epoch));
    ExecutionException e = assertThrows(ExecutionException.class, () -> call(c -> c.promote(5),
        1_000));
    ControlException refusal = assertInstanceOf(ControlException.class, e.getCause());
    assertTrue(refusal.fenced(), refusal.getMessage());
  }

  @Test
  void shouldUsePlainReplicaofOnStockRedis() throws Exception {
    server = new FakeRespServer(vertx, cmd -> cmd.get(0).equalsIgnoreCase("BELAY")
        ? "-ERR unknown command 'BELAY', with args beginning with: 'EPOCH' \r\n" : "+OK\r\n");
    call(c -> c.promote(5), 1_000);
    call(c -> c.replicaOf(6, new BackendRef("m", "127.0.0.1", 7001)), 1_000);
    call(c -> c.fence(7), 1_000);
    assertEquals(List.of("BELAY EPOCH", "REPLICAOF NO ONE", "BELAY EPOCH",
        "REPLICAOF 127.0.0.1 7001", "BELAY EPOCH"), server.received);
  }

  @Test
  void shouldReadTheReplicationPosition() throws Exception {
    server = new FakeRespServer(vertx, cmd -> belay(cmd, new long[] {0}));
    ReplicationState s = call(BackendControl::replication, 1_000);
    assertEquals(new ReplicationState(BackendRole.REPLICA, 77, "127.0.0.1", 7001, true), s);
  }

  @Test
  void shouldGiveUpOnABackendThatDoesNotAnswer() throws Exception {
    server = new FakeRespServer(vertx, cmd -> null);
    long started = System.nanoTime();
    assertThrows(ExecutionException.class, () -> call(c -> c.promote(5), 200));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
  }
}
