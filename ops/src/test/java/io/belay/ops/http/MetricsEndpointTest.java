package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  private static Vertx vertx;
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
    fixture = ServerFixture.start(vertx, ServerFixture.threeNodeGroup());
  }

  @AfterEach
  void stopServer() {
    fixture.close();
  }

  @Test
  void shouldExposeACounterIncrementedByTheNode() {
    fixture.registry.counter("belay.proxy.commands", "group", "mymaster").increment(3);

    HttpResponse<String> response = fixture.get("/metrics");

    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.body().contains("# TYPE belay_proxy_commands_total counter"),
        response.body());
    assertTrue(response.body().contains("belay_proxy_commands_total{group=\"mymaster\"} 3.0"),
        response.body());
  }

  @Test
  void shouldExposeJvmAndSystemMeters() {
    String body = fixture.get("/metrics").body();

    for (String name : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads",
        "jvm_gc_memory_allocated_bytes_total", "system_cpu_processors", "process_uptime_seconds",
        "process_cpu_usage", "process_cpu_seconds_total"}) {
      assertTrue(body.contains("\n" + name + "{") || body.contains("\n" + name + " "), name);
    }
  }

  @Test
  void shouldNotRequireTheAdminTokenForMetricsOrHealth() {
    try (ServerFixture guarded = ServerFixture.startWithToken(vertx,
        ServerFixture.threeNodeGroup(), "s3cret")) {
      assertEquals(200, guarded.get("/metrics").statusCode());
      assertEquals(200, guarded.get("/health/live").statusCode());
      assertEquals(200, guarded.get("/health/ready").statusCode());
    }
  }

  @Test
  void shouldPassPromtoolCheckMetrics() throws Exception {
    Path promtool = onPath("promtool");
    assumeTrue(promtool != null, "promtool is not on PATH (Debian package: prometheus)");
    // promtool lints help text, so every Belay meter carries a description.
    Counter.builder("belay.proxy.commands").description("Commands the proxy answered")
        .tag("group", "mymaster").register(fixture.registry).increment();
    Timer.builder("belay.proxy.latency").description("Time from a command to its reply")
        .tag("group", "mymaster").publishPercentileHistogram()
        .register(fixture.registry).record(3, TimeUnit.MILLISECONDS);
    Gauge.builder("belay.replication.lag", () -> 42).description("Replica lag")
        .baseUnit("bytes").tag("group", "mymaster").register(fixture.registry);
    String exposition = fixture.get("/metrics").body();

    Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
        .redirectErrorStream(true).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");

    assertEquals(0, process.exitValue(), "promtool check metrics: " + output);
  }

  private static Path onPath(String program) throws IOException {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    try (Stream<String> dirs = Stream.of(path.split(File.pathSeparator))) {
      return dirs.map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst()
          .orElse(null);
    }
  }
}
