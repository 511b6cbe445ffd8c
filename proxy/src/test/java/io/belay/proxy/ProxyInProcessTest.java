package io.belay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.proxy.testing.Eventually;
import io.belay.proxy.testing.FakeBackend;
import io.belay.proxy.testing.ProxyFixture;
import io.belay.proxy.testing.RedisServer;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendView;
import io.belay.routing.Consistency;
import io.belay.routing.ReadPolicy;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import io.micrometer.core.instrument.Counter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The proxy in front of in-process fake backends: fast checks of the client-facing rules. */
class ProxyInProcessTest {

  private static final BackendRef MASTER = new BackendRef("fake-master", "127.0.0.1", 7001);
  private static final BackendRef REPLICA = new BackendRef("fake-replica", "127.0.0.1", 7002);

  private final FakeBackend master = new FakeBackend(null);
  private final FakeBackend replica = new FakeBackend(null);
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    master.close();
    replica.close();
  }

  private void start(RoutingSettings settings, UnaryOperator<ProxyOptions> options)
      throws Exception {
    start(new RoutingHolder(table(2, MASTER)), settings, options, master);
  }

  private void start(RoutingHolder holder, RoutingSettings settings,
      UnaryOperator<ProxyOptions> options, FakeBackend masterBackend) throws Exception {
    proxy = ProxyFixture.start(holder, settings,
        options.apply(ProxyFixture.options().withEventLoops(1)), group -> {
          group.registerInProcess(MASTER.address(), masterBackend);
          group.registerInProcess(REPLICA.address(), replica);
        });
  }

  private static RoutingTable table(long epoch, BackendRef masterRef) {
    return RoutingTable.of("fake", epoch, masterRef, List.of(REPLICA),
        masterRef == null ? List.of(BackendView.replica(REPLICA, 0, 0, 0))
            : List.of(BackendView.master(masterRef, 0), BackendView.replica(REPLICA, 0, 0, 0)));
  }

  @Test
  void shouldServeCommandsFromAnInProcessBackendAndCountThem() throws Exception {
    start(RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.REPLICA), o -> o);
    try (Jedis jedis = proxy.jedis()) {
      assertEquals("OK", jedis.set("k", "v"));
      assertEquals("PONG", jedis.ping());
      jedis.get("k");
    }
    assertEquals(1, master.count("SET"));
    assertEquals(1, replica.count("GET"));
    Counter inProcess = proxy.registry.find("belay.proxy.commands")
        .tags("family", "string", "route", "in-process").counter();
    Counter local = proxy.registry.find("belay.proxy.commands")
        .tags("family", "connection", "route", "local").counter();
    assertEquals(2.0, inProcess.count());
    assertTrue(local.count() >= 1.0);
    assertEquals(2, proxy.registry.find("belay.proxy.command.latency")
        .tags("route", "in-process").timer().count());
    assertTrue(proxy.registry.find("belay.proxy.bytes.in").counter().count() > 0);
  }

  @Test
  void shouldTakeAnEmbeddedMastersOffsetForReadYourWritesWithoutAskingRole() throws Exception {
    master.tellOffset(true);
    RoutingHolder holder = new RoutingHolder(table(2, MASTER));
    start(holder, RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.PREFER_REPLICA)
        .withConsistency(Consistency.READ_YOUR_WRITES)
        .withReadYourWritesWindow(Duration.ofHours(1)), o -> o, master);
    try (Jedis jedis = proxy.jedis()) {
      assertEquals("OK", jedis.set("k", "v"));
      assertEquals("v", jedis.get("k"), "the replica (offset 0) is behind the write");
      assertEquals(0, replica.count("GET"));
      // The replica reports the master's offset after the write: it may serve the session again.
      long masterOffset = master.log().size();
      assertTrue(holder.offer(RoutingTable.of("fake", 2, MASTER, List.of(REPLICA),
          List.of(BackendView.master(MASTER, masterOffset),
              BackendView.replica(REPLICA, masterOffset, 0, 0)))));
      proxy.group.tableChanged();
      Eventually.eventually(Duration.ofSeconds(10), () -> {
        jedis.get("k"); // the fake replica has no data: only where the read went matters
        return replica.count("GET") >= 1;
      });
    }
    assertEquals(0, master.count("ROLE"), "the offset came from the backend, not from ROLE");
  }

  @Test
  void shouldAskRoleOncePerTurnForAllTheWritesOfAPipeline() throws Exception {
    start(RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.PREFER_REPLICA)
        .withConsistency(Consistency.READ_YOUR_WRITES), o -> o);
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("SET a 1\r\nSET b 2\r\nSET c 3\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n",
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    Eventually.eventually(Duration.ofSeconds(10), () -> master.count("ROLE") >= 1);
    assertEquals(List.of("SET a 1", "SET b 2", "SET c 3", "ROLE"), master.log(),
        "ROLE follows the writes it vouches for");
  }

  @Test
  void shouldWriteRepliesInRequestOrderWhenBackendsAnswerOutOfOrder() throws Exception {
    start(RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.REPLICA), o -> o);
    replica.delay(300);
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("GET a\r\nPING\r\nECHO x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(50);
      out.write("SET k v\r\nGET k\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      String replies = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals("$-1\r\n+PONG\r\n$1\r\nx\r\n+OK\r\n$1\r\nv\r\n+OK\r\n", replies);
    }
    assertEquals(List.of("GET a"), replica.log(), "the slow replica served the first batch");
    assertEquals(List.of("SET k v", "GET k"), master.log(), "a batch with a write stays on master");
  }

  @Test
  void shouldSelectTheSessionDatabaseOnlyWhenItDiffers() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o);
    try (Jedis jedis = proxy.jedis()) {
      jedis.select(2);
      jedis.set("a", "1");
      jedis.set("b", "2");
      jedis.select(0);
      jedis.set("c", "3");
      assertThrows(JedisDataException.class, () -> jedis.select(16));
    }
    assertEquals(List.of("SELECT 2", "SET a 1", "SET b 2", "SELECT 0", "SET c 3"), master.log());
  }

  @Test
  void shouldAuthenticateClientsAgainstTheGroupPassword() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o.withRequirePass("secret"));
    try (Jedis jedis = proxy.jedis()) {
      JedisDataException noauth = assertThrows(JedisDataException.class, () -> jedis.set("k", "v"));
      assertTrue(noauth.getMessage().startsWith("NOAUTH"), noauth.getMessage());
      JedisDataException wrong = assertThrows(JedisDataException.class, () -> jedis.auth("nope"));
      assertTrue(wrong.getMessage().startsWith("WRONGPASS"), wrong.getMessage());
      assertEquals("OK", jedis.auth("secret"));
      assertEquals("OK", jedis.set("k", "v"));
    }
    assertEquals(List.of("SET k v"), master.log(), "nothing reached the backend before AUTH");
  }

  @Test
  void shouldAuthenticateBackendConnectionsAndSwitchThemToResp3() throws Exception {
    FakeBackend guarded = new FakeBackend("masterauth");
    try {
      start(new RoutingHolder(table(2, MASTER)), RoutingSettings.DEFAULTS,
          o -> o.withBackendAuth(null, "masterauth"), guarded);
      try (Jedis two = proxy.jedis(); Jedis three = proxy.jedis3()) {
        assertEquals("OK", two.set("k", "v"));
        assertEquals("v", three.get("k"));
      }
      assertEquals(List.of("AUTH masterauth", "SET k v", "HELLO 3 AUTH default masterauth",
          "GET k"), guarded.log());
    } finally {
      guarded.close();
    }
  }

  @Test
  void shouldRefuseClientsOverMaxClients() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o.withMaxClients(1));
    try (Jedis first = proxy.jedis(); Socket second = new Socket("127.0.0.1", proxy.port())) {
      assertEquals("PONG", first.ping());
      second.setSoTimeout(5000);
      String reply = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals("-ERR max number of clients reached\r\n", reply);
    }
  }

  @Test
  void shouldCloseIdleClients() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o.withIdleTimeout(Duration.ofMillis(200)));
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      assertEquals(-1, socket.getInputStream().read(), "closed by the proxy");
    }
  }

  @Test
  void shouldDisconnectAClientThatNeverReadsItsReplies() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o.withClientOutputBufferLimit(2 * 1024 * 1024)
        .withMaxPipeline(64));
    try (Jedis jedis = proxy.jedis()) {
      jedis.set("big", "x".repeat(64 * 1024));
    }
    Counter cutOff = proxy.registry.find("belay.proxy.errors").tag("type", "output-buffer")
        .counter();
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      OutputStream out = socket.getOutputStream();
      byte[] gets = "GET big\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 10_000 && cutOff.count() == 0; i++) {
        out.write(gets);
      }
    } catch (java.io.IOException e) {
      // the proxy reset the connection while the client was still writing
    }
    Eventually.eventually(Duration.ofSeconds(10), () -> cutOff.count() == 1.0
        && proxy.group.metrics().connectedClients() == 0);
  }

  @Test
  void shouldAnswerMasterDownAfterTheHoldAndServeAgainOnceAMasterReturns() throws Exception {
    RoutingHolder holder = new RoutingHolder(table(2, null));
    start(holder, RoutingSettings.DEFAULTS, o -> o.withHoldWrites(Duration.ofMillis(200)), master);
    try (Jedis jedis = proxy.jedis()) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.set("k", "v"));
      assertEquals("MASTERDOWN Link with MASTER is down and no failover completed in time",
          e.getMessage());
      holder.offer(table(3, MASTER));
      assertEquals("OK", jedis.set("k", "v"));
    }
  }

  @Test
  void shouldTimeOutABackendThatStopsAnsweringWithoutDesynchronisingTheClient()
      throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o.withTimeouts(Duration.ofSeconds(1),
        Duration.ofMillis(300)));
    try (Jedis jedis = proxy.jedis()) {
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> jedis.sendCommand(() -> "HANG".getBytes(StandardCharsets.US_ASCII)));
      assertTrue(e.getMessage().endsWith("timed out"), e.getMessage());
      assertEquals("OK", jedis.set("after", "timeout"));
    }
  }

  @Test
  void shouldAnswerErrorsWhenTheBackendCannotBeReached() throws Exception {
    BackendRef nowhere = new BackendRef("nowhere", "127.0.0.1", RedisServer.freePort());
    RoutingHolder holder = new RoutingHolder(RoutingTable.of("fake", 1, nowhere, List.of(),
        List.of(BackendView.master(nowhere, 0))));
    start(holder, RoutingSettings.DEFAULTS, o -> o, master);
    try (Jedis jedis = proxy.jedis()) {
      for (int i = 0; i < 3; i++) {
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.get("k"));
        assertTrue(e.getMessage().startsWith("ERR backend 127.0.0.1:"), e.getMessage());
      }
      assertEquals("PONG", jedis.ping());
    }
  }

  @Test
  void shouldFailInFlightCommandsWhenAnInProcessBackendDrops() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o);
    try (Jedis jedis = proxy.jedis()) {
      jedis.set("k", "v");
      java.util.concurrent.CompletableFuture<Object> hanging = java.util.concurrent
          .CompletableFuture.supplyAsync(() -> {
            try {
              return jedis.sendCommand(() -> "HANG".getBytes(StandardCharsets.US_ASCII));
            } catch (JedisDataException e) {
              return e;
            }
          });
      Eventually.eventually(Duration.ofSeconds(5), () -> master.count("HANG") == 1);
      master.dropConnections();
      Object result = hanging.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(result instanceof JedisDataException, String.valueOf(result));
      assertEquals("v", jedis.get("k"), "a new connection serves the next command");
    }
  }

  @Test
  void shouldRefuseCommandsThatWouldTakeOverASharedConnection() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o);
    try (Jedis jedis = proxy.jedis()) {
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> jedis.sendCommand(() -> "MONITOR".getBytes(StandardCharsets.US_ASCII)));
      assertTrue(e.getMessage().contains("not supported"), e.getMessage());
      assertEquals("PONG", jedis.ping());
    }
  }

  @Test
  void shouldSpeakResp3AfterHello() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o);
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write("HELLO 3\r\nHELLO 4\r\nCLIENT GETNAME\r\nQUIT\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String replies = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(replies.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n"), replies);
      assertTrue(replies.endsWith("-NOPROTO unsupported protocol version\r\n_\r\n+OK\r\n"),
          replies);
    }
  }

  @Test
  void shouldCloseAfterQuitWithoutRunningWhatFollows() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o);
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("SET a 1\r\nQUIT\r\nSET b 2\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String replies = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals("+OK\r\n+OK\r\n", replies);
    }
    assertEquals(List.of("SET a 1"), master.log());
  }

  @Test
  void shouldDropRepliesForAClientThatLeftWithoutDisturbingOthers() throws Exception {
    start(RoutingSettings.DEFAULTS, o -> o);
    try (Jedis jedis = proxy.jedis()) {
      try (Socket gone = new Socket("127.0.0.1", proxy.port())) {
        gone.getOutputStream().write("SET a 1\r\nGET a\r\nINCR n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
      }
      assertEquals("OK", jedis.set("still", "works"));
      Eventually.eventually(Duration.ofSeconds(5),
          () -> proxy.group.metrics().connectedClients() == 1);
      assertEquals("works", jedis.get("still"));
    }
  }
}
