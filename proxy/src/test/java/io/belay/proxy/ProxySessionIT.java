package io.belay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.proxy.testing.Eventually;
import io.belay.proxy.testing.ProxyFixture;
import io.belay.proxy.testing.RedisGroup;
import io.belay.routing.Consistency;
import io.belay.routing.ReadPolicy;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Transaction;

/** Transactions, pub/sub, blocking commands and malformed input through the proxy. */
class ProxySessionIT {

  private static RedisGroup redis;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisGroup.start();
    proxy = ProxyFixture.start(new RoutingHolder(redis.table(1)),
        RoutingSettings.DEFAULTS.withReadPolicy(ReadPolicy.REPLICA)
            .withConsistency(Consistency.READ_YOUR_WRITES), ProxyFixture.options());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void shouldRunMultiExecOnTheMaster() {
    try (Jedis jedis = proxy.jedis()) {
      Transaction tx = jedis.multi();
      tx.set("tx:a", "1");
      tx.incr("tx:a");
      tx.get("tx:a");
      List<Object> results = tx.exec();
      assertEquals(List.of("OK", 2L, "2"), results);
    }
  }

  @Test
  void shouldFailExecWhenAWatchedKeyChanged() {
    try (Jedis jedis = proxy.jedis(); Jedis other = proxy.jedis()) {
      jedis.set("watched", "0");
      jedis.watch("watched");
      assertEquals("0", jedis.get("watched"));
      other.set("watched", "changed");
      Transaction tx = jedis.multi();
      tx.set("watched", "mine");
      assertNull(tx.exec());
      assertEquals("changed", jedis.get("watched"));

      jedis.watch("watched");
      Transaction unchanged = jedis.multi();
      unchanged.set("watched", "mine");
      assertEquals(List.of("OK"), unchanged.exec());
    }
  }

  @Test
  void shouldAbortTransactionsWithQueueingErrorsAsRedisDoes() {
    try (Jedis jedis = proxy.jedis()) {
      Transaction tx = jedis.multi();
      tx.set("abort", "1");
      tx.sendCommand(Protocol.Command.SET, "only-key");
      Exception e = assertThrows(Exception.class, tx::exec);
      assertTrue(e.getMessage().contains("EXECABORT"), e.getMessage());
      assertNull(jedis.get("abort"));
    }
  }

  @Test
  void shouldRefuseConnectionStateChangesInsideMultiAndAbortTheTransaction() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("MULTI\r\nSELECT 1\r\nSET k v\r\nEXEC\r\nPING\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertEquals("+OK\r\n-ERR SELECT inside MULTI is not supported through the Belay proxy"
          + "\r\n+QUEUED\r\n-EXECABORT Transaction discarded because of previous errors.\r\n"
          + "+PONG\r\n", readUntil(socket.getInputStream(), "PONG\r\n"));
    }
  }

  @Test
  void shouldDeliverPublishedMessagesToSubscribers() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    JedisPubSub listener = new JedisPubSub() {
      @Override
      public void onSubscribe(String channel, int count) {
        if (count == 2) {
          subscribed.complete(null);
        }
      }

      @Override
      public void onMessage(String channel, String message) {
        received.add(channel + "=" + message);
        if (received.size() == 2) {
          unsubscribe();
        }
      }

      @Override
      public void onPMessage(String pattern, String channel, String message) {
        received.add(pattern + ":" + channel + "=" + message);
      }
    };
    Thread subscriber = new Thread(() -> {
      try (Jedis jedis = proxy.jedis()) {
        jedis.subscribe(listener, "news", "sport");
      }
    });
    subscriber.start();
    subscribed.get(10, TimeUnit.SECONDS);
    try (Jedis publisher = proxy.jedis()) {
      assertEquals(1, publisher.publish("news", "one"));
      assertEquals(1, publisher.publish("sport", "two"));
    }
    subscriber.join(10_000);
    assertEquals(List.of("news=one", "sport=two"), received);
  }

  @Test
  void shouldPublishSentinelEventsToSubscribersOfTheirChannelOrAMatchingPattern() throws Exception {
    try (Socket exact = new Socket("127.0.0.1", proxy.port());
        Socket pattern = new Socket("127.0.0.1", proxy.port());
        Socket unrelated = new Socket("127.0.0.1", proxy.port());
        Socket resp3 = new Socket("127.0.0.1", proxy.port())) {
      for (Socket s : List.of(exact, pattern, unrelated, resp3)) {
        s.setSoTimeout(5000);
      }
      exact.getOutputStream().write("SUBSCRIBE +switch-master\r\n".getBytes(StandardCharsets.US_ASCII));
      readUntil(exact.getInputStream(), ":1\r\n");
      pattern.getOutputStream().write("PSUBSCRIBE +switch-* +sdown\r\n".getBytes(StandardCharsets.US_ASCII));
      readUntil(pattern.getInputStream(), ":2\r\n");
      unrelated.getOutputStream().write("SUBSCRIBE news\r\n".getBytes(StandardCharsets.US_ASCII));
      readUntil(unrelated.getInputStream(), ":1\r\n");
      resp3.getOutputStream().write("HELLO 3\r\nPSUBSCRIBE *\r\n".getBytes(StandardCharsets.US_ASCII));
      readUntil(resp3.getInputStream(), "psubscribe\r\n$1\r\n*\r\n:1\r\n");

      proxy.group.publishEvent("+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380");
      String body = "$14\r\n+switch-master\r\n$38\r\nmymaster 127.0.0.1 6379 127.0.0.1 6380\r\n";
      assertEquals("*3\r\n$7\r\nmessage\r\n" + body, readUntil(exact.getInputStream(), "6380\r\n"));
      assertEquals("*4\r\n$8\r\npmessage\r\n$9\r\n+switch-*\r\n" + body,
          readUntil(pattern.getInputStream(), "6380\r\n"));
      assertEquals(">4\r\n$8\r\npmessage\r\n$1\r\n*\r\n" + body, readUntil(resp3.getInputStream(), "6380\r\n"));
      try (Jedis publisher = proxy.jedis()) {
        assertEquals(2, publisher.publish("news", "later"), "the news subscriber and the pattern *");
      }
      assertEquals("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nlater\r\n",
          readUntil(unrelated.getInputStream(), "later\r\n"), "nothing before the channel's own message");
    }
  }

  @Test
  void shouldKeepPushesForResp3Subscribers() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write("HELLO 3\r\n".getBytes(StandardCharsets.US_ASCII));
      String hello = readUntil(in, "modules");
      assertTrue(hello.startsWith("%7"), hello);
      readUntil(in, "*0\r\n");
      out.write("SUBSCRIBE ch\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n+PONG\r\n",
          readUntil(in, "PONG\r\n"));
      try (Jedis publisher = proxy.jedis()) {
        publisher.publish("ch", "hi");
      }
      assertEquals(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", readUntil(in, "hi\r\n"));
    }
  }

  @Test
  void shouldLeaveSubscribedModeOnceEverythingIsUnsubscribed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write("SUBSCRIBE a b\r\nGET x\r\nPING\r\nUNSUBSCRIBE\r\nGET x\r\nUNSUBSCRIBE c\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String subscribed = "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
          + "*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"
          + "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT /"
          + " RESET are allowed in this context\r\n"
          + "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
      String unsubscribed = "$-1\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n";
      String replies = readUntil(in, "$1\r\nc\r\n:0\r\n");
      // Redis leaves all channels in its own (hash) order; GET runs once it left them all.
      String left = replies.substring(subscribed.length(), replies.length() - unsubscribed.length());
      assertEquals(subscribed, replies.substring(0, subscribed.length()));
      assertEquals(unsubscribed, replies.substring(replies.length() - unsubscribed.length()));
      assertTrue(left.endsWith(":0\r\n") && left.contains("$1\r\na\r\n")
          && left.contains("$1\r\nb\r\n"), left);
    }
  }

  @Test
  void shouldNotBlockOtherClientsWhileOneBlocks() throws Exception {
    try (Jedis blocked = proxy.jedis(); Jedis other = proxy.jedis()) {
      CompletableFuture<List<String>> popped =
          CompletableFuture.supplyAsync(() -> blocked.blpop(10, "queue"));
      Eventually.eventually(Duration.ofSeconds(5),
          () -> redis.master.info("clients").contains("blocked_clients:1"));
      other.set("meanwhile", "fine");
      assertEquals("fine", other.get("meanwhile"));
      other.rpush("queue", "job");
      assertEquals(List.of("queue", "job"), popped.get(10, TimeUnit.SECONDS));
      assertEquals("PONG", blocked.ping());
    }
  }

  @Test
  void shouldCloseOnMalformedInputAndLeaveOthersAlone() throws Exception {
    try (Jedis bystander = proxy.jedis(); Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      bystander.set("bystander", "ok");
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n*1\r\n$x\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n", reply);
      assertEquals("ok", bystander.get("bystander"));
    }
  }

  private static String readUntil(InputStream in, String end) throws Exception {
    StringBuilder out = new StringBuilder();
    while (!out.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.append((char) b);
    }
    return out.toString();
  }
}
