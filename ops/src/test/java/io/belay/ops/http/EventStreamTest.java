package io.belay.ops.http;

import static io.belay.ops.http.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private static Vertx vertx;
  private FakeNode node;
  private ServerFixture fixture;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    ServerFixture.await(vertx.close());
  }

  @BeforeEach
  void startServer() {
    node = ServerFixture.threeNodeGroup();
    fixture = ServerFixture.start(vertx, node);
  }

  @AfterEach
  void stopServer() {
    fixture.close();
  }

  @Test
  void shouldDeliverEachNewEventAsOneServerSentEvent() throws Exception {
    HttpResponse<InputStream> response = fixture.client.send(
        fixture.request("/api/events/stream").header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""));

    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      eventually(Duration.ofSeconds(5), () -> assertEquals(1, node.listenerCount()));
      node.publish(new Event(Instant.parse("2025-01-02T03:04:05Z"), "mymaster",
          "+switch-master", "mymaster 127.0.0.1 6380 127.0.0.1 6381"));

      String data = CompletableFuture.supplyAsync(() -> nextData(reader))
          .get(5, TimeUnit.SECONDS);

      assertEquals(new JsonObject().put("time", "2025-01-02T03:04:05Z").put("group", "mymaster")
          .put("type", "+switch-master").put("message", "mymaster 127.0.0.1 6380 127.0.0.1 6381"),
          new JsonObject(data));
    }
  }

  @Test
  void shouldDeliverASwitchoverAsItHappens() throws Exception {
    HttpResponse<InputStream> response = fixture.client.send(
        fixture.request("/api/events/stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      eventually(Duration.ofSeconds(5), () -> assertEquals(1, node.listenerCount()));

      fixture.post("/api/groups/mymaster/failover");
      String data = CompletableFuture.supplyAsync(() -> nextData(reader))
          .get(5, TimeUnit.SECONDS);

      assertEquals("+switch-master", new JsonObject(data).getString("type"));
    }
  }

  @Test
  void shouldUnsubscribeWhenTheClientGoesAway() throws Exception {
    // A plain socket, so "goes away" is a closed connection and not a client's pooling choice.
    try (Socket socket = new Socket("127.0.0.1", fixture.server.port())) {
      socket.getOutputStream().write(("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      eventually(Duration.ofSeconds(5), () -> assertEquals(1, node.listenerCount()));
    }

    eventually(Duration.ofSeconds(5), () -> assertEquals(0, node.listenerCount()));
  }

  @Test
  void shouldUnsubscribeEveryStreamWhenTheServerCloses() throws Exception {
    fixture.client.send(fixture.request("/api/events/stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    eventually(Duration.ofSeconds(5), () -> assertEquals(1, node.listenerCount()));

    ServerFixture.await(fixture.server.close());

    eventually(Duration.ofSeconds(5), () -> assertEquals(0, node.listenerCount()));
  }

  @Test
  void shouldRefuseStreamsPastTheLimitWithJson() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        Socket socket = new Socket("127.0.0.1", fixture.server.port());
        sockets.add(socket);
        socket.getOutputStream().write(("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
      eventually(Duration.ofSeconds(10), () -> assertEquals(64, node.listenerCount()));

      HttpResponse<String> refused = fixture.get("/api/events/stream");

      assertEquals(503, refused.statusCode());
      assertEquals("too many event streams open (64); poll /api/events instead",
          new JsonObject(refused.body()).getString("error"));
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    eventually(Duration.ofSeconds(10), () -> assertEquals(0, node.listenerCount()));
    HttpResponse<InputStream> again = fixture.client.send(
        fixture.request("/api/events/stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, again.statusCode());
    again.body().close();
  }

  @Test
  void shouldAnswerJsonWhenTheFeedRefusesASubscription() {
    EventFeed broken = new EventFeed() {
      @Override
      public List<Event> recent() {
        return List.of();
      }

      @Override
      public Subscription subscribe(java.util.function.Consumer<Event> listener) {
        throw new IllegalStateException("feed closed");
      }
    };
    try (ServerFixture other = ServerFixture.builder(vertx).events(broken).start()) {
      HttpResponse<String> response = other.get("/api/events/stream");

      assertEquals(500, response.statusCode());
      assertEquals("internal error: IllegalStateException",
          new JsonObject(response.body()).getString("error"));
    }
  }

  /** The payload of the next {@code data:} line, skipping the retry hint and keep-alives. */
  private static String nextData(BufferedReader reader) {
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("data: ")) {
          return line.substring("data: ".length());
        }
        assertTrue(line.isEmpty() || line.startsWith("retry: ") || line.startsWith(":"), line);
      }
      throw new AssertionError("stream ended before an event arrived");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
