package io.belay.election.events;

import static io.belay.election.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.ElectionEvent;
import io.belay.election.EventType;
import io.belay.election.Hooks;
import io.belay.routing.BackendRef;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksTest {

  private final Vertx vertx = Vertx.vertx();
  @TempDir
  Path dir;

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void shouldRunTheClientReconfigScriptWithSentinelsArguments() throws Exception {
    Path out = dir.resolve("args");
    Path script = script("reconfig.sh", "echo \"$@\" > " + out);
    EventDispatcher events = new EventDispatcher("n1", Map.of("g",
        Hooks.NONE.withClientReconfigScript(script)), new ScriptRunner(vertx),
        new WebhookSender(vertx));
    events.clientReconfig("g", true, new BackendRef("a", "127.0.0.1", 6379),
        new BackendRef("b", "127.0.0.1", 6380));
    eventually(Duration.ofSeconds(5), () -> assertEquals(
        "g leader failover 127.0.0.1 6379 127.0.0.1 6380\n", read(out)));
  }

  @Test
  void shouldRunTheNotificationScriptForWarningsOnly() throws Exception {
    Path out = dir.resolve("events");
    Path script = script("notify.sh", "echo \"$1|$2\" >> " + out);
    EventDispatcher events = new EventDispatcher("n1", Map.of("g",
        Hooks.NONE.withNotificationScript(script)), new ScriptRunner(vertx),
        new WebhookSender(vertx));
    events.emit(EventType.REPLICA_RECONF_SENT, "g", "slave x", 3);
    events.emit(EventType.ODOWN, "g", "master g 127.0.0.1 6379 #quorum 2/2", 3);
    eventually(Duration.ofSeconds(5), () -> assertEquals(
        "+odown|master g 127.0.0.1 6379 #quorum 2/2\n", read(out)));
  }

  @Test
  void shouldKillAScriptThatHangsWithoutHoldingUpTheCaller() throws Exception {
    Path script = script("hang.sh", "sleep 30");
    ScriptRunner runner = new ScriptRunner(vertx);
    long started = System.nanoTime();
    int code = runner.run(script, List.of(), Duration.ofMillis(200)).await(10, TimeUnit.SECONDS);
    assertEquals(-1, code);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
  }

  @Test
  void shouldRetryAWebhookUntilItAccepts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<JsonObject> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      bodies.add(b.toJsonObject());
      req.response().setStatusCode(calls.incrementAndGet() < 2 ? 500 : 204).end();
    }));
    server.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    URI url = URI.create("http://127.0.0.1:" + server.actualPort() + "/hook");
    List<ElectionEvent> seen = new CopyOnWriteArrayList<>();
    EventDispatcher events = new EventDispatcher("n1", Map.of("g",
        Hooks.NONE.withWebhooks(List.of(url)).withTimeout(Duration.ofSeconds(2))),
        new ScriptRunner(vertx), new WebhookSender(vertx));
    events.addListener(seen::add);
    vertx.getOrCreateContext().runOnContext(v ->
        events.emit(EventType.SWITCH_MASTER, "g", "g 127.0.0.1 6379 127.0.0.1 6380", 7));
    eventually(Duration.ofSeconds(10), () -> assertEquals(2, calls.get()));
    assertEquals("+switch-master", bodies.get(1).getString("event"));
    assertEquals(7, bodies.get(1).getLong("epoch"));
    assertEquals("n1", bodies.get(1).getString("node"));
    assertEquals(1, seen.size());
  }

  @Test
  void shouldGiveUpOnAWebhookThatNeverAnswersWithoutHoldingUpTheCaller() throws Exception {
    WebhookSender sender = new WebhookSender(vertx);
    long started = System.nanoTime();
    boolean delivered = sender.send(URI.create("http://127.0.0.1:1/nothing"),
        new JsonObject(), Duration.ofMillis(300)).await(20, TimeUnit.SECONDS);
    assertEquals(false, delivered);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 15_000);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
