package io.belay.election.probe;

import static io.belay.election.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.support.FakeRespServer;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendProbeTest {

  private static final String MASTER_INFO = "# Replication\r\nrole:master\r\n"
      + "connected_slaves:0\r\nmaster_repl_offset:42\r\nbelay_epoch:3\r\n";

  private final Vertx vertx = Vertx.vertx();
  private final List<Boolean> downChanges = new CopyOnWriteArrayList<>();
  private final List<ProbeResult> results = new CopyOnWriteArrayList<>();
  private FakeRespServer server;
  private BackendProbe probe;
  private Context probeContext;

  @AfterEach
  void tearDown() throws Exception {
    vertx.getOrCreateContext().runOnContext(v -> probe.stop());
    if (server != null) {
      server.close();
    }
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private static String healthy(List<String> cmd) {
    switch (cmd.get(0).toUpperCase()) {
      case "PING":
        return "+PONG\r\n";
      case "ROLE":
        return "*3\r\n$6\r\nmaster\r\n:42\r\n*0\r\n";
      case "INFO":
        return FakeRespServer.bulk(cmd.get(1).equals("server") ? "run_id:abc\r\n" : MASTER_INFO);
      default:
        return "-ERR unknown\r\n";
    }
  }

  private void start(int port) {
    BackendRef ref = new BackendRef("x", "127.0.0.1", port);
    probeContext = vertx.getOrCreateContext();
    probeContext.runOnContext(v -> {
      probe = new BackendProbe(vertx, vertx.createNetClient(new NetClientOptions()
          .setConnectTimeout(200)), ref, Duration.ofMillis(20), Duration.ofMillis(200),
          new BackendProbe.Listener() {
            @Override
            public void onResult(BackendProbe p, ProbeResult r) {
              results.add(r);
            }

            @Override
            public void onDownChange(BackendProbe p, boolean down) {
              downChanges.add(down);
            }
          });
      probe.start();
    });
  }

  private ProbeResult lastReachable() {
    return results.stream().filter(ProbeResult::reachable).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void shouldReportRoleOffsetsEpochAndRunId() throws Exception {
    server = new FakeRespServer(vertx, BackendProbeTest::healthy);
    start(server.port());
    eventually(Duration.ofSeconds(5), () -> {
      ProbeResult r = lastReachable();
      assertEquals(BackendRole.MASTER, r.role());
      assertEquals(42, r.masterReplOffset());
      assertEquals(3, r.epoch());
      assertEquals("abc", r.runId());
    });
  }

  @Test
  void shouldCountLoadingAsAliveButNotPromotable() throws Exception {
    server = new FakeRespServer(vertx, cmd -> "-LOADING Redis is loading the dataset\r\n");
    start(server.port());
    eventually(Duration.ofSeconds(5), () -> assertTrue(lastReachable().loading()));
    int before = downChanges.size();
    Thread.sleep(500);
    assertFalse(downChanges.subList(before, downChanges.size()).contains(true),
        "alive for longer than down-after");
    assertTrue(downChanges.isEmpty() || !downChanges.get(downChanges.size() - 1));
  }

  @Test
  void shouldGoSubjectivelyDownWhenRepliesStopAndComeBackWhenTheyResume() throws Exception {
    server = new FakeRespServer(vertx, BackendProbeTest::healthy);
    start(server.port());
    // a cold JVM may answer the first rounds late: start from a probe that sees it up
    eventually(Duration.ofSeconds(5), () -> assertTrue(
        !downChanges.isEmpty() ? !downChanges.get(downChanges.size() - 1) : true));
    eventually(Duration.ofSeconds(5), () -> lastReachable());
    int before = downChanges.size();
    Function<List<String>, String> silent = cmd -> null;
    server.responder = silent;
    eventually(Duration.ofSeconds(5),
        () -> assertEquals(List.of(true), downChanges.subList(before, downChanges.size())));
    server.responder = BackendProbeTest::healthy;
    eventually(Duration.ofSeconds(5), () -> assertEquals(List.of(true, false),
        downChanges.subList(before, downChanges.size())));
  }

  @Test
  void shouldNotTakeAStallOfThisNodeForTheBackendsSilence() throws Exception {
    AtomicBoolean stallBackend = new AtomicBoolean();
    server = new FakeRespServer(vertx, cmd -> {
      if (stallBackend.getAndSet(false)) {
        pause(400);
      }
      return healthy(cmd);
    });
    start(server.port());
    eventually(Duration.ofSeconds(5), () -> assertTrue(
        !downChanges.isEmpty() ? !downChanges.get(downChanges.size() - 1) : true));
    eventually(Duration.ofSeconds(5), () -> lastReachable());
    int before = downChanges.size();
    // the whole machine stands still for twice down-after: this node and the backend alike
    stallBackend.set(true);
    probeContext.runOnContext(v -> pause(400));
    Thread.sleep(1_000);
    assertEquals(List.of(), downChanges.subList(before, downChanges.size()),
        "a stall of this node is not the backend's silence");
    // while a backend that alone goes silent is still found down
    server.responder = cmd -> null;
    eventually(Duration.ofSeconds(5),
        () -> assertEquals(List.of(true), downChanges.subList(before, downChanges.size())));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void shouldGoSubjectivelyDownWhenNothingListens() throws Exception {
    server = new FakeRespServer(vertx, BackendProbeTest::healthy);
    int port = server.port();
    server.close();
    server = null;
    start(port);
    eventually(Duration.ofSeconds(5), () -> assertEquals(List.of(true), downChanges));
    assertFalse(results.stream().anyMatch(ProbeResult::reachable));
  }

  @Test
  void shouldNotCountAnAuthErrorAsAlive() throws Exception {
    server = new FakeRespServer(vertx, cmd -> "-NOAUTH Authentication required.\r\n");
    start(server.port());
    eventually(Duration.ofSeconds(5), () -> assertEquals(List.of(true), downChanges));
  }
}
