package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.ops.config.Consistency;
import io.belay.ops.config.Durability;
import io.belay.ops.config.ReadPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {

  private static final String ROUTING = "/api/groups/mymaster/routing";
  private static final String FAILOVER = "/api/groups/mymaster/failover";

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

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  @Test
  void shouldAnswerASwitchoverWithTheNewMaster() {
    HttpResponse<String> response = fixture.post(FAILOVER);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(new JsonObject().put("group", "mymaster").put("master", "127.0.0.1:6381"),
        json(response));
    JsonObject group = json(fixture.get("/api/groups/mymaster"));
    assertEquals("127.0.0.1:6381", group.getString("master"));
    assertEquals(2L, group.getLong("epoch"));
  }

  @Test
  void shouldAnswer404WhenSwitchingOverAnUnknownGroup() {
    HttpResponse<String> response = fixture.post("/api/groups/nope/failover");

    assertEquals(404, response.statusCode());
    assertEquals("unknown group 'nope'", json(response).getString("error"));
  }

  @Test
  void shouldAnswer409WithTheNodesWordsWhenASwitchoverConflicts() {
    node.switchoverFailure = () -> new AdminActionException(
        AdminActionException.Reason.CONFLICT, "failover of mymaster already in progress");

    HttpResponse<String> response = fixture.post(FAILOVER);

    assertEquals(409, response.statusCode());
    assertEquals("failover of mymaster already in progress", json(response).getString("error"));
  }

  @Test
  void shouldAnswer503WhenTheNodeMayNotActNow() {
    node.switchoverFailure = () -> new AdminActionException(
        AdminActionException.Reason.UNAVAILABLE, "this node is in a minority");

    HttpResponse<String> response = fixture.post(FAILOVER);

    assertEquals(503, response.statusCode());
    assertEquals("this node is in a minority", json(response).getString("error"));
  }

  @Test
  void shouldAnswer500AsJsonWhenASwitchoverBreaks() {
    node.switchoverFailure = () -> new IllegalStateException("boom");

    HttpResponse<String> response = fixture.post(FAILOVER);

    assertEquals(500, response.statusCode());
    assertTrue(json(response).getString("error").startsWith("switchover of mymaster failed"),
        response.body());
  }

  @Test
  void shouldAnswer500AsJsonWhenTheActionThrowsInsteadOfFailing() {
    AdminActions throwing = new AdminActions() {
      @Override
      public Future<String> switchover(String group) {
        throw new IllegalStateException("thrown, not failed");
      }

      @Override
      public Future<Void> updateRouting(String group, RoutingChange change) {
        throw new IllegalStateException("thrown, not failed");
      }
    };
    try (ServerFixture other = ServerFixture.builder(vertx).admin(throwing).start()) {
      assertEquals(500, other.post(FAILOVER).statusCode());
      assertEquals(500, other.put(ROUTING, "{\"readPolicy\":\"any\"}").statusCode());
    }
  }

  @Test
  void shouldApplyEveryRoutingFieldAndAnswerTheSettingsInForce() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"readPolicy\":\"least-lag\","
        + "\"maxReplicaLag\":\"200ms\",\"consistency\":\"read-your-writes\","
        + "\"durability\":\"replica-ack:1\"}");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(new RoutingChange(Optional.of(ReadPolicy.LEAST_LAG),
        Optional.of(Duration.ofMillis(200)), Optional.of(Consistency.READ_YOUR_WRITES),
        Optional.of(Durability.replicaAck(1))), node.routingChanges().get(0));
    assertEquals(new JsonObject().put("group", "mymaster").put("settings", new JsonObject()
        .put("readPolicy", "least-lag").put("maxReplicaLag", "200ms")
        .put("consistency", "read-your-writes").put("durability", "replica-ack:1")),
        json(response));
  }

  @Test
  void shouldLeaveAbsentRoutingFieldsAlone() {
    fixture.put(ROUTING, "{\"maxReplicaLag\":\"2m\"}");

    RoutingChange change = node.routingChanges().get(0);
    assertEquals(Optional.of(Duration.ofMinutes(2)), change.maxReplicaLag());
    assertTrue(change.readPolicy().isEmpty() && change.consistency().isEmpty()
        && change.durability().isEmpty());
  }

  @Test
  void shouldRefuseAnUnknownReadPolicyNamingFieldValueAndAllowed() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"readPolicy\":\"fastest\"}");

    assertEquals(400, response.statusCode());
    JsonObject body = json(response);
    assertEquals("invalid readPolicy 'fastest': allowed master, prefer-replica, replica, any,"
        + " least-lag", body.getString("error"));
    assertEquals("readPolicy", body.getString("field"));
    assertEquals("'fastest'", body.getString("value"));
    assertTrue(node.routingChanges().isEmpty());
  }

  @Test
  void shouldRefuseADurationWithoutAUnit() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"maxReplicaLag\":\"200\"}");

    assertEquals(400, response.statusCode());
    assertEquals("invalid maxReplicaLag '200': allowed a duration with a unit (ms, s, m or h),"
        + " e.g. 200ms, 1s, 2m", json(response).getString("error"));
  }

  @Test
  void shouldRefuseAnUnknownConsistency() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"consistency\":\"strong\"}");

    assertEquals(400, response.statusCode());
    assertEquals("invalid consistency 'strong': allowed eventual, read-your-writes",
        json(response).getString("error"));
  }

  @Test
  void shouldRefuseReplicaAckOfZero() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"durability\":\"replica-ack:0\"}");

    assertEquals(400, response.statusCode());
    assertEquals("invalid durability 'replica-ack:0': allowed async, replica-ack:N (N >= 1)",
        json(response).getString("error"));
  }

  @Test
  void shouldRefuseAValueThatIsNotAString() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"maxReplicaLag\":1000}");

    assertEquals(400, response.statusCode());
    assertEquals("1000", json(response).getString("value"));
    assertTrue(json(response).getString("error").startsWith("invalid maxReplicaLag 1000: "));
  }

  @Test
  void shouldRefuseAnUnknownFieldAndSuggestTheApiSpelling() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"read-policy\":\"any\"}");

    assertEquals(400, response.statusCode());
    assertEquals("unknown field 'read-policy' (did you mean 'readPolicy'?); allowed fields:"
        + " readPolicy, maxReplicaLag, consistency, durability",
        json(response).getString("error"));
  }

  @Test
  void shouldRefuseAChangeThatChangesNothing() {
    HttpResponse<String> response = fixture.put(ROUTING, "{}");

    assertEquals(400, response.statusCode());
    assertTrue(json(response).getString("error").startsWith("nothing to change"));
  }

  @Test
  void shouldRefuseMalformedJson() {
    HttpResponse<String> response = fixture.put(ROUTING, "{\"readPolicy\": ");

    assertEquals(400, response.statusCode());
    assertTrue(json(response).getString("error").startsWith("malformed JSON: "), response.body());
  }

  @Test
  void shouldRefuseABodyThatIsNotAnObject() {
    assertEquals("body must be a JSON object, not an array",
        json(fixture.put(ROUTING, "[1]")).getString("error"));
    assertTrue(json(fixture.put(ROUTING, "")).getString("error").startsWith("empty body"));
  }

  @Test
  void shouldRefuseAnOversizedBody() {
    String huge = "{\"readPolicy\":\"" + "x".repeat(64 * 1024) + "\"}";

    HttpResponse<String> response = fixture.put(ROUTING, huge);

    assertEquals(413, response.statusCode());
    assertEquals("request body too large", json(response).getString("error"));
  }

  @Test
  void shouldAnswer404ForRoutingOfAnUnknownGroup() {
    HttpResponse<String> response = fixture.put("/api/groups/nope/routing",
        "{\"readPolicy\":\"any\"}");

    assertEquals(404, response.statusCode());
    assertEquals("unknown group 'nope'", json(response).getString("error"));
  }
}
