package io.belay.it.ops;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.Cluster;
import io.belay.it.harness.Redis;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Three {@code belay node} processes and three {@code belay backend} processes as an operator
 * runs them: a routing change made on one node applies on every node, {@code /metrics} scraped
 * during a write load and a kill -9 failover moves as it should (and passes
 * {@code promtool check metrics}), and a node cut off from the others says it is not ready.
 *
 * <p>One cluster for the class, to keep its run time reasonable; the tests run in order, each
 * starting from the stable cluster the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOpsIT {

  private static final String[] STAGES = {"select-replica", "prepare-promotion", "promote", "reconfigure-replicas"};

  /** Kept when a test fails: the nodes' logs and the scraped metrics are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static Cluster cluster;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (cluster != null) {
        System.err.println("---- " + context.getDisplayName() + " failed; logs under " + dir + "\n" + cluster.logs());
      }
    }
  };

  @BeforeAll
  static void start() throws Exception {
    // down-after 1s rather than 200ms: on a busy machine a 200ms stall of a backend is a
    // failover, and an unplanned one would upset the counts these tests check
    cluster = Cluster.start(dir, new Cluster.Settings(3, 3, "1s", 2, List.of("consistency: eventual"), true));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  // ------------------------------------------------------------------ routing on every node

  @Test
  @Order(1)
  void shouldApplyARoutingChangeOnEveryNodeAndMoveReadsOnAnotherNodesProxy() throws Exception {
    cluster.awaitStable(Duration.ofSeconds(60));
    for (int n = 0; n < cluster.nodeCount(); n++) {
      assertEquals("master", settings(n).getString("readPolicy"), cluster.nodeName(n) + " starts from its file");
    }
    int reader = cluster.nodeCount() - 1;
    eventually(Duration.ofSeconds(30), () -> assertReadsGo(reader, true));

    HttpResponse<String> r = put(0, "/api/groups/" + Cluster.GROUP + "/routing", "{\"readPolicy\":\"replica\"}");
    long changedAt = System.nanoTime();
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("replica", new JsonObject(r.body()).getJsonObject("settings").getString("readPolicy"),
        "the node that took the change answers with it");
    eventually(Duration.ofSeconds(20), () -> {
      for (int n = 0; n < cluster.nodeCount(); n++) {
        assertEquals("replica", settings(n).getString("readPolicy"), cluster.nodeName(n));
      }
    });
    System.out.printf("routing change visible in /api/topology of all %d nodes %d ms after the PUT answered%n",
        cluster.nodeCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt));
    // a batch may meet a replica the probes briefly doubt (the proxy then falls back to the
    // master), so batches are retried; under read-policy master no batch could pass
    eventually(Duration.ofSeconds(30), () -> assertReadsGo(reader, false));
  }

  /** 200 GETs through {@code node}'s proxy all reach the master, or all reach the replicas. */
  private static void assertReadsGo(int node, boolean toMaster) throws Exception {
    int master = cluster.awaitStable(Duration.ofSeconds(10));
    long masterBefore = gets(master);
    long replicasBefore = replicaGets(master);
    readThrough(node, 200);
    long onMaster = gets(master) - masterBefore;
    long onReplicas = replicaGets(master) - replicasBefore;
    String where = "reads through " + cluster.nodeName(node) + "'s proxy: " + onMaster + " on the master, "
        + onReplicas + " on the replicas";
    assertEquals(toMaster ? 200 : 0, onMaster, where);
    assertEquals(toMaster ? 0 : 200, onReplicas, where);
  }

  // ------------------------------------------------------------------ metrics under load

  @Test
  @Order(2)
  void shouldShowLagUnderWriteLoadThenNoneAndCountCommandsPerRoute() throws Exception {
    int master = cluster.awaitStable(Duration.ofSeconds(60));
    int writer = 0;
    int reader = cluster.nodeCount() - 1;
    Scrape writerBefore = scrape(writer);
    Scrape readerBefore = scrape(reader);
    List<String> replicas = new ArrayList<>();
    for (int b = 0; b < cluster.backendCount(); b++) {
      if (b != master) {
        replicas.add(cluster.address(b));
      }
    }
    for (String replica : replicas) {
      for (int n = 0; n < cluster.nodeCount(); n++) {
        assertEquals(1, scrape(n).find("belay_replication_lag_bytes", "group", Cluster.GROUP, "backend", replica).size(),
            cluster.nodeName(n) + " exposes the lag of " + replica);
      }
    }

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong acknowledged = new AtomicLong();
    DoubleAccumulator maxLag = new DoubleAccumulator(Math::max, 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    String value = "v".repeat(2048);
    for (int t = 0; t < 3; t++) {
      int id = t;
      writers.add(pool.submit(() -> {
        try (Jedis j = Redis.connect(cluster.proxyPort(writer))) {
          for (int round = 0; !stop.get(); round++) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < 100; i++) {
              p.set("load:" + id + ":" + (round * 100 + i) % 5000, value);
            }
            p.sync();
            acknowledged.addAndGet(100);
          }
        }
        return null;
      }));
    }
    long loadStarted = System.nanoTime();
    try {
      // scrape while writing, until a replica was seen behind (and at least two seconds of load)
      long deadline = loadStarted + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && (maxLag.get() == 0 || System.nanoTime() - loadStarted < TimeUnit.SECONDS.toNanos(2))) {
        Scrape s = scrape(writer);
        for (String replica : replicas) {
          double lag = s.value("belay_replication_lag_bytes", "group", Cluster.GROUP, "backend", replica);
          if (!Double.isNaN(lag)) {
            maxLag.accumulate(lag);
          }
        }
        for (Future<?> w : writers) {
          if (w.isDone()) {
            w.get();
          }
        }
        Thread.sleep(50);
      }
    } finally {
      stop.set(true);
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "writers stopped");
    }
    for (Future<?> w : writers) {
      w.get();
    }
    long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStarted);
    System.out.printf("write load: %d SETs of %d bytes in %d ms; largest replica lag scraped: %.0f bytes%n",
        acknowledged.get(), value.length(), loadMillis, maxLag.get());
    assertTrue(maxLag.get() > 0, "a replica is seen behind under write load");

    long quietAt = System.nanoTime();
    eventually(Duration.ofSeconds(30), () -> {
      for (int n = 0; n < cluster.nodeCount(); n++) {
        Scrape s = scrape(n);
        for (String replica : replicas) {
          assertEquals(0.0, s.value("belay_replication_lag_bytes", "group", Cluster.GROUP, "backend", replica),
              cluster.nodeName(n) + " sees " + replica + " caught up");
        }
      }
    });
    System.out.printf("replica lag back to 0 on every node %d ms after the load stopped%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietAt));

    readThrough(reader, 100);
    Scrape writerAfter = scrape(writer);
    Scrape readerAfter = scrape(reader);
    double writes = writerAfter.sum("belay_proxy_commands_total", "group", Cluster.GROUP, "route", "master")
        - writerBefore.sum("belay_proxy_commands_total", "group", Cluster.GROUP, "route", "master");
    assertTrue(writes >= acknowledged.get(), "every acknowledged write counted on route master: " + writes);
    assertEquals(0, writerAfter.sum("belay_proxy_commands_total", "group", Cluster.GROUP, "route", "replica")
        - writerBefore.sum("belay_proxy_commands_total", "group", Cluster.GROUP, "route", "replica"),
        "no write counted on route replica");
    double reads = readerAfter.sum("belay_proxy_commands_total", "group", Cluster.GROUP, "route", "replica")
        - readerBefore.sum("belay_proxy_commands_total", "group", Cluster.GROUP, "route", "replica");
    assertTrue(reads >= 100, "reads counted on route replica: " + reads);

    for (int n = 0; n < cluster.nodeCount(); n++) {
      Scrape s = scrape(n);
      for (String stage : STAGES) {
        assertEquals(1, s.find("belay_election_failover_stage_seconds_count", "group", Cluster.GROUP, "stage", stage)
            .size(), cluster.nodeName(n) + " exposes the duration of stage " + stage);
      }
      s.promtool();
      Files.writeString(dir.resolve("metrics-load-" + cluster.nodeName(n) + ".txt"), s.text);
    }
  }

  // ------------------------------------------------------------------ metrics across a failover

  @Test
  @Order(3)
  void shouldCountAKill9FailoverOnceAndRaiseTheEpoch() throws Exception {
    int master = cluster.awaitStable(Duration.ofSeconds(60));
    List<Scrape> before = scrapeAll();
    cluster.backend(master).kill9();
    long killedAt = System.nanoTime();
    int[] promoted = new int[1];
    eventually(Duration.ofSeconds(60), () -> {
      promoted[0] = cluster.awaitStable(Duration.ofSeconds(1));
      assertNotEquals(master, promoted[0]);
    });
    System.out.printf("kill -9 of the master: nodes agree on %s %d ms later%n", cluster.address(promoted[0]),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    eventually(Duration.ofSeconds(30), () -> assertFailoverCounted(before, scrapeAll()));
    // nothing else may follow: the same counts once the cluster has been quiet for a while
    Thread.sleep(5_000);
    assertEquals(promoted[0], cluster.awaitStable(Duration.ofSeconds(30)));
    List<Scrape> after = scrapeAll();
    assertFailoverCounted(before, after);
    for (int n = 0; n < after.size(); n++) {
      after.get(n).promtool();
      Files.writeString(dir.resolve("metrics-failover-" + cluster.nodeName(n) + ".txt"), after.get(n).text);
    }
  }

  /** The epoch rose on every node, every node switched master once, one node ran one failover. */
  private static void assertFailoverCounted(List<Scrape> before, List<Scrape> after) {
    double failoversEnded = 0;
    double attemptsCompleted = 0;
    double[] stages = new double[STAGES.length];
    for (int n = 0; n < before.size(); n++) {
      Scrape b = before.get(n);
      Scrape a = after.get(n);
      String node = cluster.nodeName(n);
      assertTrue(a.value("belay_election_epoch", "group", Cluster.GROUP) > b.value("belay_election_epoch", "group",
          Cluster.GROUP), node + " raised its epoch");
      assertEquals(1, events(a, "+switch-master") - events(b, "+switch-master"), node + " switched master once");
      failoversEnded += events(a, "+failover-end") - events(b, "+failover-end");
      attemptsCompleted += a.sum("belay_election_failover_seconds_count", "group", Cluster.GROUP, "outcome", "completed")
          - b.sum("belay_election_failover_seconds_count", "group", Cluster.GROUP, "outcome", "completed");
      for (int s = 0; s < STAGES.length; s++) {
        stages[s] += a.value("belay_election_failover_stage_seconds_count", "group", Cluster.GROUP, "stage", STAGES[s])
            - b.value("belay_election_failover_stage_seconds_count", "group", Cluster.GROUP, "stage", STAGES[s]);
      }
    }
    assertEquals(1, failoversEnded, "one +failover-end in the whole cluster");
    assertEquals(1, attemptsCompleted, "one completed failover timed in the whole cluster");
    for (int s = 0; s < STAGES.length; s++) {
      assertEquals(1, stages[s], "stage " + STAGES[s] + " timed once in the whole cluster");
    }
  }

  private static double events(Scrape s, String event) {
    return s.sum("belay_election_events_total", "group", Cluster.GROUP, "event", event);
  }

  // ------------------------------------------------------------------ readiness

  @Test
  @Order(4)
  void shouldNotBeReadyWhenIsolatedAndCatchUpWithSettingsAfterHealing() throws Exception {
    cluster.awaitStable(Duration.ofSeconds(60));
    int isolated = -1;
    for (int n = cluster.nodeCount() - 1; n >= 0 && isolated < 0; n--) {
      if (!cluster.leads(n)) {
        isolated = n;
      }
    }
    int alone = isolated;
    int majority = alone == 0 ? 1 : 0;
    String policyBefore = settings(alone).getString("readPolicy");
    String policyAfter = "any".equals(policyBefore) ? "least-lag" : "any";
    cluster.isolate(alone);
    long isolatedAt = System.nanoTime();
    eventually(Duration.ofSeconds(30), () -> {
      HttpResponse<String> r = cluster.get(alone, "/health/ready");
      assertEquals(503, r.statusCode(), r.body());
      JsonObject body = new JsonObject(r.body());
      assertFalse(body.getJsonObject("checks").getBoolean("inClusterMajority"), r.body());
      assertTrue(body.getJsonArray("reasons").contains("this node is not in the cluster majority"), r.body());
    });
    System.out.printf("isolated %s reported not ready %d ms after its Hazelcast traffic was cut%n",
        cluster.nodeName(alone), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - isolatedAt));
    for (int n = 0; n < cluster.nodeCount(); n++) {
      if (n != alone) {
        int node = n;
        eventually(Duration.ofSeconds(30), () -> assertTrue(cluster.ready(node), cluster.nodeName(node) + " stays ready"));
      }
    }

    HttpResponse<String> refused = put(alone, "/api/groups/" + Cluster.GROUP + "/routing", "{\"readPolicy\":\"master\"}");
    assertEquals(503, refused.statusCode(), "no routing change outside the majority: " + refused.body());
    HttpResponse<String> changed = put(majority, "/api/groups/" + Cluster.GROUP + "/routing",
        "{\"readPolicy\":\"" + policyAfter + "\"}");
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(policyBefore, settings(alone).getString("readPolicy"), "the isolated node cannot hear of it yet");

    cluster.heal();
    long healedAt = System.nanoTime();
    eventually(Duration.ofSeconds(90), () -> {
      assertEquals(policyAfter, settings(alone).getString("readPolicy"), "the change made while it was away");
      JsonObject ready = new JsonObject(cluster.get(alone, "/health/ready").body());
      assertTrue(ready.getJsonObject("checks").getBoolean("inClusterMajority"), ready.encode());
    });
    System.out.printf("%s back in the majority with the settings it missed %d ms after healing%n",
        cluster.nodeName(alone), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt));
  }

  // ------------------------------------------------------------------ helpers

  private static HttpResponse<String> put(int node, String path, String body) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.httpPort(node) + path))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject settings(int node) throws IOException, InterruptedException {
    return cluster.group(node).getJsonObject("settings");
  }

  private static Scrape scrape(int node) throws IOException, InterruptedException {
    HttpResponse<String> r = cluster.get(node, "/metrics");
    assertEquals(200, r.statusCode());
    return Scrape.parse(r.body());
  }

  private static List<Scrape> scrapeAll() throws IOException, InterruptedException {
    List<Scrape> out = new ArrayList<>();
    for (int n = 0; n < cluster.nodeCount(); n++) {
      out.add(scrape(n));
    }
    return out;
  }

  private static void readThrough(int node, int count) {
    try (Jedis j = Redis.connect(cluster.proxyPort(node))) {
      for (int i = 0; i < count; i++) {
        j.get("key");
      }
    }
  }

  private static long replicaGets(int master) {
    long total = 0;
    for (int b = 0; b < cluster.backendCount(); b++) {
      if (b != master && cluster.backend(b).isAlive()) {
        total += gets(b);
      }
    }
    return total;
  }

  /** GET calls a backend has served, from its INFO commandstats. */
  private static long gets(int backend) {
    String line = Redis.info(cluster.backendPort(backend), "commandstats").get("cmdstat_get");
    if (line == null) {
      return 0;
    }
    Matcher m = Pattern.compile("calls=(\\d+)").matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
