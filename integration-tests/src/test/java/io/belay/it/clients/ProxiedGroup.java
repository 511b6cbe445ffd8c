package io.belay.it.clients;

import static io.belay.it.harness.Eventually.eventually;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import io.vertx.core.json.JsonArray;
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
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One group as an operator runs it on one machine: a master and two replicas of one {@link
 * BackendKind}, each its own process, behind one {@code belay node} process (a single-member
 * cluster with quorum 1) whose proxy port clients use.
 */
final class ProxiedGroup implements AutoCloseable {

  static final String GROUP = "mymaster";
  private static final String HOST = "127.0.0.1";
  private static final Duration START = Duration.ofSeconds(60);

  private final Path dir;
  private final BackendKind kind;
  private final List<NodeProcess> backends = new ArrayList<>();
  private final List<Integer> backendPorts = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private NodeProcess node;
  private int proxyPort;
  private int httpPort;

  private ProxiedGroup(Path dir, BackendKind kind) {
    this.dir = dir;
    this.kind = kind;
  }

  /**
   * Starts the backends, then the node with {@code groupLines} added to its group (e.g.
   * {@code read-policy: replica}), and waits until the node routes to the first backend as master.
   */
  static ProxiedGroup start(Path dir, BackendKind kind, String... groupLines) throws Exception {
    ProxiedGroup g = new ProxiedGroup(dir, kind);
    try {
      g.startBackends();
      g.startNode(List.of(groupLines));
      return g;
    } catch (Exception | AssertionError e) {
      System.err.println(g.logs());
      g.close();
      throw e;
    }
  }

  private void startBackends() throws Exception {
    for (int i = 0; i < 3; i++) {
      backendPorts.add(LoopbackPorts.next());
    }
    for (int i = 0; i < 3; i++) {
      backends.add(kind.start(dir.resolve("backend-" + i), backendPorts.get(i), i == 0 ? -1 : backendPorts.get(0)));
    }
    for (int i = 1; i < 3; i++) {
      int port = backendPorts.get(i);
      eventually(START, () -> {
        if (!"up".equals(Redis.info(port, "replication").get("master_link_status"))) {
          throw new AssertionError("replica on " + port + " is not in sync yet");
        }
      });
    }
  }

  private void startNode(List<String> groupLines) throws Exception {
    proxyPort = LoopbackPorts.next();
    httpPort = LoopbackPorts.next();
    int clusterPort = LoopbackPorts.next();
    Path nodeDir = dir.resolve("node");
    Files.createDirectories(nodeDir);
    StringBuilder y = new StringBuilder();
    y.append("node: { name: n1, http: ").append(HOST).append(':').append(httpPort).append(" }\n");
    y.append("cluster: { name: it-").append(UUID.randomUUID().toString(), 0, 8).append(", port: ")
        .append(clusterPort).append(", members: [").append(HOST).append(':').append(clusterPort).append("] }\n");
    y.append("groups:\n");
    y.append("  - name: ").append(GROUP).append('\n');
    y.append("    listen: ").append(HOST).append(':').append(proxyPort).append('\n');
    y.append("    backends: [").append(backendPorts.stream().map(p -> HOST + ":" + p).collect(Collectors.joining(", ")))
        .append("]\n");
    y.append("    quorum: 1\n");
    y.append("    down-after: 500ms\n");
    for (String line : groupLines) {
      y.append("    ").append(line).append('\n');
    }
    Path yaml = nodeDir.resolve("belay.yaml").toAbsolutePath();
    Files.writeString(yaml, y.toString());
    // C1 only and the serial collector: several JVMs share a small machine.
    node = NodeProcess.belayNode(nodeDir, yaml, httpPort, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    eventually(START, () -> {
      HttpResponse<String> r = get("/health/ready");
      if (r.statusCode() != 200) {
        throw new AssertionError("node is not ready: " + r.body());
      }
      if (!address(0).equals(group().getString("master"))) {
        throw new AssertionError("node does not route to " + address(0) + " yet: " + group());
      }
    });
  }

  BackendKind kind() {
    return kind;
  }

  int proxyPort() {
    return proxyPort;
  }

  int backendPort(int i) {
    return backendPorts.get(i);
  }

  NodeProcess backend(int i) {
    return backends.get(i);
  }

  NodeProcess node() {
    return node;
  }

  String address(int i) {
    return HOST + ":" + backendPorts.get(i);
  }

  /** The index of the backend the node routes writes to. */
  int master() throws IOException, InterruptedException {
    String m = group().getString("master");
    for (int i = 0; i < backendPorts.size(); i++) {
      if (address(i).equals(m)) {
        return i;
      }
    }
    throw new IllegalStateException("the node names no known master: " + m);
  }

  /** The group as {@code GET /api/topology} shows it. */
  JsonObject group() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/api/topology");
    if (r.statusCode() != 200) {
      throw new IOException("/api/topology answered " + r.statusCode() + " " + r.body());
    }
    JsonArray groups = new JsonObject(r.body()).getJsonArray("groups");
    for (int i = 0; i < groups.size(); i++) {
      if (GROUP.equals(groups.getJsonObject(i).getString("name"))) {
        return groups.getJsonObject(i);
      }
    }
    throw new IOException("no group " + GROUP + " in " + r.body());
  }

  /** Changes routing settings at runtime ({@code PUT /api/groups/mymaster/routing}). */
  void routing(String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri("/api/groups/" + GROUP + "/routing"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("routing " + json + " answered " + r.statusCode() + " " + r.body());
    }
  }

  /** A planned switchover ({@code POST /api/groups/mymaster/failover}). */
  void switchover() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri("/api/groups/" + GROUP + "/failover"))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("switchover answered " + r.statusCode() + " " + r.body());
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://" + HOST + ":" + httpPort + path);
  }

  /** The last lines of every process's log. */
  String logs() {
    StringBuilder b = new StringBuilder();
    if (node != null) {
      b.append("---- node\n").append(node.logTail()).append('\n');
    }
    for (int i = 0; i < backends.size(); i++) {
      b.append("---- ").append(kind).append(' ').append(address(i)).append('\n').append(backends.get(i).logTail())
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    backends.forEach(NodeProcess::close);
  }
}
