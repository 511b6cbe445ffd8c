package io.belay.it.ops;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.EmbeddedDefault;
import io.belay.it.harness.Redis;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The embedded default ({@code bin/belay}) as an operator sees it: metrics that move under a
 * workload and a planned switchover, a read policy changed through the admin API.
 */
class OpsEndToEndIT {

  @TempDir
  Path tmp;

  private EmbeddedDefault belay;
  private int proxyPort;
  private List<Integer> backendPorts;

  @BeforeEach
  void startEmbeddedDefault() throws Exception {
    belay = EmbeddedDefault.start(tmp);
    proxyPort = belay.proxyPort();
    backendPorts = belay.backendPorts();
  }

  @AfterEach
  void stop() throws Exception {
    belay.close();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return belay.get(path);
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    return belay.send(method, path, body);
  }

  /** Sum of a metric's samples whose labels contain every fragment given. */
  private double metric(String name, String... labelFragments) throws Exception {
    double total = 0;
    for (String line : get("/metrics").body().split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String f : labelFragments) {
        all &= line.contains(f);
      }
      if (all) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private long epoch() throws Exception {
    Matcher m = Pattern.compile("\"epoch\":(\\d+)").matcher(get("/api/topology").body());
    assertTrue(m.find());
    return Long.parseLong(m.group(1));
  }

  private String master() throws Exception {
    Matcher m = Pattern.compile("\"master\":\"([^\"]+)\"").matcher(get("/api/topology").body());
    assertTrue(m.find());
    return m.group(1);
  }

  @Test
  void shouldCountCommandsPerRouteAndAFailoverOnce() throws Exception {
    double writesBefore = metric("belay_proxy_commands_total", "route=\"in-process\"");
    try (Jedis j = Redis.connect(proxyPort)) {
      for (int i = 0; i < 500; i++) {
        j.set("k" + i, "v" + i);
      }
    }
    eventually(Duration.ofSeconds(5), () ->
        assertTrue(metric("belay_proxy_commands_total") - writesBefore >= 500, "commands counted"));
    long epochBefore = epoch();
    String masterBefore = master();
    HttpResponse<String> r = send("POST", "/api/groups/mymaster/failover", "");
    assertEquals(200, r.statusCode(), r.body());
    eventually(Duration.ofSeconds(30), () -> assertNotEquals(masterBefore, master()));
    assertTrue(epoch() > epochBefore, "the epoch rises with the switchover");
    try (Jedis j = Redis.connect(proxyPort)) {
      assertEquals("v499", j.get("k499"), "no acknowledged write lost by a planned switchover");
      // as after any promotion, the new master takes writes once a replica acked it
      eventually(Duration.ofSeconds(30), () -> assertEquals("OK", j.set("after", "switchover")));
    }
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("belay_"), "belay metrics exposed");
    Files.writeString(tmp.resolve("metrics.txt"), metrics);
    // the embedded default exposes the backends' meters too: all of it passes Prometheus's lint
    Scrape.parse(metrics).promtool();
  }

  @Test
  void shouldMoveReadsWhenTheReadPolicyChangesAtRuntime() throws Exception {
    try (Jedis j = Redis.connect(proxyPort)) {
      j.set("key", "value");
    }
    HttpResponse<String> r = send("PUT", "/api/groups/mymaster/routing", "{\"readPolicy\":\"master\"}");
    assertEquals(200, r.statusCode(), r.body());
    long masterGetsBefore = gets(backendPorts.get(0));
    try (Jedis j = Redis.connect(proxyPort)) {
      for (int i = 0; i < 200; i++) {
        j.get("key");
      }
    }
    assertTrue(gets(backendPorts.get(0)) - masterGetsBefore >= 200, "read-policy master sends every read to the master");
    r = send("PUT", "/api/groups/mymaster/routing", "{\"readPolicy\":\"replica\",\"consistency\":\"eventual\"}");
    assertEquals(200, r.statusCode(), r.body());
    long replicaGetsBefore = gets(backendPorts.get(1)) + gets(backendPorts.get(2));
    long masterBefore = gets(backendPorts.get(0));
    try (Jedis j = Redis.connect(proxyPort)) {
      for (int i = 0; i < 200; i++) {
        j.get("key");
      }
    }
    assertTrue(gets(backendPorts.get(1)) + gets(backendPorts.get(2)) - replicaGetsBefore >= 200,
        "read-policy replica sends reads to the replicas");
    assertEquals(masterBefore, gets(backendPorts.get(0)), "and none to the master");
    r = send("PUT", "/api/groups/mymaster/routing", "{\"readPolicy\":\"fastest\"}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("fastest"), r.body());
  }

  /** GET calls a backend has served, from its INFO commandstats. */
  private static long gets(int port) {
    String line = Redis.info(port, "commandstats").get("cmdstat_get");
    if (line == null) {
      return 0;
    }
    Matcher m = Pattern.compile("calls=(\\d+)").matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
