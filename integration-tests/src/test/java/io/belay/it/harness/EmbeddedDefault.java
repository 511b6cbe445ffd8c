package io.belay.it.harness;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/belay} with no mode: the embedded default (a master and two replicas in one process,
 * the proxy, the ops HTTP server) as its own OS process, on free loopback ports, ready once
 * {@code /health/ready} says so.
 */
public final class EmbeddedDefault implements AutoCloseable {

  private final Process process;
  private final int proxyPort;
  private final int httpPort;
  private final List<Integer> backendPorts;
  private final HttpClient http = HttpClient.newHttpClient();

  private EmbeddedDefault(Process process, int proxyPort, int httpPort, List<Integer> backendPorts) {
    this.process = process;
    this.proxyPort = proxyPort;
    this.httpPort = httpPort;
    this.backendPorts = List.copyOf(backendPorts);
  }

  /** Starts it with its data and log in {@code dir}, and waits until it is ready. */
  public static EmbeddedDefault start(Path dir) throws Exception {
    int proxyPort = NodeProcess.freePort();
    int httpPort = NodeProcess.freePort();
    List<Integer> backendPorts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      backendPorts.add(NodeProcess.freePort());
    }
    String ports = backendPorts.get(0) + "," + backendPorts.get(1) + "," + backendPorts.get(2);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("belay.jar", "../ops/target/belay.jar"), "--port", Integer.toString(proxyPort),
        "--backend-ports", ports, "--http-port", Integer.toString(httpPort), "--data-dir", dir.resolve("data").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("belay.log").toFile()).start();
    EmbeddedDefault belay = new EmbeddedDefault(p, proxyPort, httpPort, backendPorts);
    try {
      eventually(Duration.ofSeconds(60), () -> assertEquals(200, belay.get("/health/ready").statusCode()));
    } catch (Exception | AssertionError e) {
      belay.close();
      throw e;
    }
    return belay;
  }

  public int proxyPort() {
    return proxyPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The backends' ports; the first is the master at start. */
  public List<Integer> backendPorts() {
    return backendPorts;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM, then a kill if it has not stopped within 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
