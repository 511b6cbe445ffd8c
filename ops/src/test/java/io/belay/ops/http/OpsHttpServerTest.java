package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

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
    node = ServerFixture.threeNodeGroup().group("cache", "127.0.0.1:7000", "127.0.0.1:7001");
    fixture = ServerFixture.start(vertx, node);
  }

  @AfterEach
  void stopServer() {
    fixture.close();
  }

  @Test
  void shouldBindLoopbackByDefault() {
    assertEquals("127.0.0.1", HttpOptions.defaults().host());
    assertEquals(8379, HttpOptions.defaults().port());
    assertTrue(fixture.server.port() > 0);
  }

  @Test
  void shouldAnswerLiveWhileRunning() {
    HttpResponse<String> response = fixture.get("/health/live");

    assertEquals(200, response.statusCode());
    assertEquals("live", new JsonObject(response.body()).getString("status"));
  }

  @Test
  void shouldBeReadyWhenMastersAreKnownAndInMajority() {
    HttpResponse<String> response = fixture.get("/health/ready");

    assertEquals(200, response.statusCode());
    JsonObject body = new JsonObject(response.body());
    assertEquals("ready", body.getString("status"));
    assertTrue(body.getJsonObject("checks").getBoolean("inClusterMajority"));
  }

  @Test
  void shouldAnswer503WithEveryReasonWhenNotReady() {
    node.knowsMasters = false;
    node.inMajority = false;

    HttpResponse<String> response = fixture.get("/health/ready");

    assertEquals(503, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/json"));
    JsonObject body = new JsonObject(response.body());
    assertEquals("not ready", body.getString("status"));
    assertEquals(new JsonArray().add("no known master for at least one group")
        .add("this node is not in the cluster majority"), body.getJsonArray("reasons"));
    assertTrue(body.getString("error").startsWith("not ready: "), body.encode());
  }

  @Test
  void shouldNameOnlyTheFailingCheckWhenOneIsMissing() {
    node.inMajority = false;

    JsonObject body = new JsonObject(fixture.get("/health/ready").body());

    assertEquals(new JsonArray().add("this node is not in the cluster majority"),
        body.getJsonArray("reasons"));
  }

  @Test
  void shouldDescribeEveryGroupInTheTopology() {
    HttpResponse<String> response = fixture.get("/api/topology");

    assertEquals(200, response.statusCode());
    Instant served = Instant.parse(new JsonObject(response.body()).getString("time"));
    assertTrue(Duration.between(served, Instant.now()).abs().toMinutes() < 1, served.toString());
    JsonArray groups = new JsonObject(response.body()).getJsonArray("groups");
    assertEquals(2, groups.size());
    JsonObject group = groups.getJsonObject(0);
    assertEquals("mymaster", group.getString("name"));
    assertEquals(1L, group.getLong("epoch"));
    assertEquals("node-a", group.getString("leader"));
    assertEquals("127.0.0.1:6380", group.getString("master"));
    assertEquals(new JsonObject().put("readPolicy", "prefer-replica").put("maxReplicaLag", "1s")
        .put("consistency", "eventual").put("durability", "async"), group.getJsonObject("settings"));
    JsonArray backends = group.getJsonArray("backends");
    assertEquals(3, backends.size());
    JsonObject master = backends.getJsonObject(0);
    assertEquals("127.0.0.1:6380", master.getString("address"));
    assertEquals("master", master.getString("role"));
    assertEquals("up", master.getString("state"));
    assertEquals(2, master.getInteger("connectedReplicas"));
    assertEquals(2L, master.getLong("fullResyncs"));
    JsonObject replica = backends.getJsonObject(1);
    assertEquals("replica", replica.getString("role"));
    for (String field : new String[] {"replicationOffset", "lagBytes", "lagSeconds",
        "partialResyncs", "connectedReplicas"}) {
      assertTrue(replica.containsKey(field), field);
    }
  }

  @Test
  void shouldWriteAnUnknownLeaderAsNull() {
    TopologyView leaderless = () -> new Topology(java.util.List.of(new GroupView("g", 4,
        java.util.Optional.empty(), new GroupSettings("master", "1s", "eventual", "async"), 0,
        java.util.List.of())));
    try (ServerFixture other = ServerFixture.builder(vertx).topology(leaderless).start()) {
      JsonObject group = new JsonObject(other.get("/api/topology").body())
          .getJsonArray("groups").getJsonObject(0);

      assertTrue(group.containsKey("leader"));
      assertNull(group.getString("leader"));
      assertNull(group.getString("master"));
    }
  }

  @Test
  void shouldDescribeOneGroup() {
    HttpResponse<String> response = fixture.get("/api/groups/cache");

    assertEquals(200, response.statusCode());
    assertEquals("127.0.0.1:7000", new JsonObject(response.body()).getString("master"));
  }

  @Test
  void shouldAnswer404ForAnUnknownGroup() {
    HttpResponse<String> response = fixture.get("/api/groups/nope");

    assertEquals(404, response.statusCode());
    assertEquals("unknown group 'nope'", new JsonObject(response.body()).getString("error"));
  }

  @Test
  void shouldListRecentEventsOldestFirst() {
    node.publish(new Event(Instant.parse("2025-01-02T03:04:05Z"), "mymaster", "+sdown",
        "master mymaster 127.0.0.1 6380"));
    node.publish(new Event(Instant.parse("2025-01-02T03:04:06Z"), "mymaster", "+odown",
        "master mymaster 127.0.0.1 6380 #quorum 2/2"));

    HttpResponse<String> response = fixture.get("/api/events");

    assertEquals(200, response.statusCode());
    JsonArray events = new JsonArray(response.body());
    assertEquals(2, events.size());
    assertEquals(new JsonObject().put("time", "2025-01-02T03:04:05Z").put("group", "mymaster")
        .put("type", "+sdown").put("message", "master mymaster 127.0.0.1 6380"),
        events.getJsonObject(0));
    assertEquals("+odown", events.getJsonObject(1).getString("type"));
  }

  @Test
  void shouldAnswerJson404ForAnUnknownPath() {
    HttpResponse<String> response = fixture.get("/api/nothing-here");

    assertEquals(404, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("application/json"));
    assertEquals("no such resource: GET /api/nothing-here",
        new JsonObject(response.body()).getString("error"));
  }

  @Test
  void shouldAnswerJson405ForTheWrongMethod() {
    HttpResponse<String> response = fixture.get("/api/groups/mymaster/failover");

    assertEquals(405, response.statusCode());
    assertEquals("method GET not allowed on /api/groups/mymaster/failover",
        new JsonObject(response.body()).getString("error"));
  }

  @Test
  void shouldServeTheDashboardFromTheJar() {
    HttpResponse<String> page = fixture.get("/");
    HttpResponse<String> script = fixture.get("/app.js");
    HttpResponse<String> chart = fixture.get("/chart.js");
    HttpResponse<String> style = fixture.get("/style.css");

    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElse("")
        .startsWith("text/javascript"));
    assertEquals(200, chart.statusCode());
    assertTrue(chart.body().contains("window.BelayChart"));
    assertEquals(200, style.statusCode());
    assertTrue(style.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
  }

  @Test
  void shouldNotServeFilesOutsideTheDashboard() {
    assertEquals(404, fixture.get("/logback.xml").statusCode());
    assertEquals(404, fixture.get("/dashboard/index.html").statusCode());
    assertFalse(fixture.get("/../pom.xml").body().contains("<project"));
  }
}
