package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiGuardTest {

  private static final String TOKEN = "correct-horse-battery-staple";

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    ServerFixture.await(vertx.close());
  }

  @Test
  void shouldRequireTheTokenOnEveryApiRequest() {
    try (ServerFixture fixture = ServerFixture.startWithToken(vertx,
        ServerFixture.threeNodeGroup(), TOKEN)) {
      for (HttpResponse<String> response : java.util.List.of(
          fixture.get("/api/topology"),
          fixture.get("/api/events"),
          fixture.get("/api/events/stream"),
          fixture.get("/api/groups/nope"),
          fixture.post("/api/groups/mymaster/failover"),
          fixture.put("/api/groups/mymaster/routing", "{\"readPolicy\":\"any\"}"))) {
        assertEquals(401, response.statusCode(), response.uri().toString());
        assertEquals("admin token required: send 'Authorization: Bearer <token>'",
            new JsonObject(response.body()).getString("error"));
        assertEquals("Bearer realm=\"belay\"",
            response.headers().firstValue("WWW-Authenticate").orElse(""));
      }
      HttpResponse<String> group = fixture.send(fixture.request("/api/groups/mymaster")
          .header("Authorization", "Bearer " + TOKEN).build());
      assertEquals("127.0.0.1:6380", new JsonObject(group.body()).getString("master"));
      assertTrue(fixture.node.routingChanges().isEmpty());
    }
  }

  @Test
  void shouldRefuseAWrongToken() {
    try (ServerFixture fixture = ServerFixture.startWithToken(vertx,
        ServerFixture.threeNodeGroup(), TOKEN)) {
      HttpResponse<String> response = fixture.send(fixture.request("/api/topology")
          .header("Authorization", "Bearer " + TOKEN + "x").build());

      assertEquals(401, response.statusCode());
      assertEquals("invalid admin token", new JsonObject(response.body()).getString("error"));
      assertEquals(401, fixture.send(fixture.request("/api/topology")
          .header("Authorization", "Basic " + TOKEN).build()).statusCode());
    }
  }

  @Test
  void shouldAcceptTheRightToken() {
    try (ServerFixture fixture = ServerFixture.startWithToken(vertx,
        ServerFixture.threeNodeGroup(), TOKEN)) {
      HttpResponse<String> topology = fixture.send(fixture.request("/api/topology")
          .header("Authorization", "bearer " + TOKEN).build());
      HttpResponse<String> failover = fixture.send(fixture.request(
          "/api/groups/mymaster/failover").header("Authorization", "Bearer " + TOKEN)
          .POST(HttpRequest.BodyPublishers.noBody()).build());

      assertEquals(200, topology.statusCode());
      assertEquals(200, failover.statusCode());
      assertEquals("127.0.0.1:6381", new JsonObject(failover.body()).getString("master"));
    }
  }

  @Test
  void shouldServeTheDashboardPageWithoutTheToken() {
    try (ServerFixture fixture = ServerFixture.startWithToken(vertx,
        ServerFixture.threeNodeGroup(), TOKEN)) {
      assertEquals(200, fixture.get("/").statusCode());
    }
  }

  @Test
  void shouldRefuseAFailoverPostedFromAnotherSite() {
    try (ServerFixture fixture = ServerFixture.start(vertx, ServerFixture.threeNodeGroup())) {
      HttpResponse<String> response = fixture.send(fixture.request(
          "/api/groups/mymaster/failover").header("Origin", "http://evil.example")
          .POST(HttpRequest.BodyPublishers.noBody()).build());

      assertEquals(403, response.statusCode());
      assertEquals("cross-origin request refused: origin 'http://evil.example' is not this"
          + " server", new JsonObject(response.body()).getString("error"));
      assertEquals("127.0.0.1:6380", new JsonObject(fixture.get("/api/groups/mymaster").body())
          .getString("master"));
    }
  }

  @Test
  void shouldAcceptAFailoverPostedByTheDashboardItself() {
    try (ServerFixture fixture = ServerFixture.start(vertx, ServerFixture.threeNodeGroup())) {
      HttpResponse<String> response = fixture.send(fixture.request(
          "/api/groups/mymaster/failover").header("Origin", fixture.server.url())
          .POST(HttpRequest.BodyPublishers.noBody()).build());

      assertEquals(200, response.statusCode(), response.body());
    }
  }

  @Test
  void shouldRefuseAForeignHostNameOnALoopbackBind() throws IOException {
    try (ServerFixture fixture = ServerFixture.start(vertx, ServerFixture.threeNodeGroup())) {
      String rebound = rawGet(fixture.server.port(), "/api/topology", "attacker.example:"
          + fixture.server.port());
      String local = rawGet(fixture.server.port(), "/api/topology", "localhost:"
          + fixture.server.port());

      assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
      assertTrue(rebound.contains("host 'attacker.example' refused"), rebound);
      assertTrue(local.startsWith("HTTP/1.1 200"), local);
    }
  }

  /** java.net.http will not send a Host header of our choosing, so this speaks HTTP itself. */
  private static String rawGet(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
