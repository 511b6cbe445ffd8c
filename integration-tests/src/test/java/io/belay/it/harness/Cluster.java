package io.belay.it.harness;

import static io.belay.it.harness.Eventually.eventually;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A Belay cluster as users run it, every part its own OS process: {@code belay backend}
 * processes (the first the master, the others started with {@code --replicaof}) and
 * {@code belay node} processes, each with its own YAML file, its own proxy port for the same
 * group, its own ops HTTP port and its own Hazelcast port, all on loopback.
 *
 * <p>The harness finds the master from the processes rather than assuming the first backend
 * still holds it: on a small machine a slow start can already have moved it.
 */
public final class Cluster implements AutoCloseable {

  public static final String GROUP = "mymaster";
  private static final String HOST = "127.0.0.1";
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);

  /**
   * What to build.
   *
   * @param nodes       {@code belay node} processes
   * @param backends    {@code belay backend} processes
   * @param downAfter   the group's {@code down-after}
   * @param quorum      the group's {@code quorum}
   * @param groupExtras further YAML lines for the group, e.g. {@code hold-writes: 5s}
   * @param relays      Hazelcast traffic of every node passes through a {@link TcpRelay} the
   *                    test can cut (see {@link #isolate})
   * @param backendRelays every connection to a backend passes through a {@link TcpRelay} of its
   *                    own, whose address is the one the configuration and the replicas use
   *                    (see {@link #cutFromNodes} and {@link #backendRelay})
   */
  public record Settings(int nodes, int backends, String downAfter, int quorum, List<String> groupExtras,
      boolean relays, boolean backendRelays) {

    public Settings(int nodes, int backends, String downAfter, int quorum, List<String> groupExtras,
        boolean relays) {
      this(nodes, backends, downAfter, quorum, groupExtras, relays, false);
    }

    public static Settings defaults() {
      return new Settings(3, 3, "200ms", 2, List.of(), false, false);
    }

    public Settings withGroupExtras(String... lines) {
      return new Settings(nodes, backends, downAfter, quorum, List.of(lines), relays, backendRelays);
    }

    public Settings withRelays() {
      return new Settings(nodes, backends, downAfter, quorum, groupExtras, true, backendRelays);
    }

    public Settings withBackendRelays() {
      return new Settings(nodes, backends, downAfter, quorum, groupExtras, relays, true);
    }
  }

  private final Path dir;
  private final Settings settings;
  private final String clusterName = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<NodeProcess> backends = new ArrayList<>();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Integer> backendPorts = new ArrayList<>();
  /** Where everybody else reaches each backend: its own port, or its relay's. */
  private final List<Integer> advertisedPorts = new ArrayList<>();
  private final List<TcpRelay> backendRelays = new ArrayList<>();
  private final List<Integer> proxyPorts = new ArrayList<>();
  private final List<Integer> httpPorts = new ArrayList<>();
  private final List<Integer> clusterPorts = new ArrayList<>();
  private final List<TcpRelay> relays = new ArrayList<>();
  /** Ports this cluster handed out, never handed out twice. */
  private final Set<Integer> usedPorts = ConcurrentHashMap.newKeySet();
  private final Random random = new Random();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

  private Cluster(Path dir, Settings settings) {
    this.dir = dir;
    this.settings = settings;
  }

  /** Starts the backends, then the nodes, and waits until every node is ready and agrees. */
  public static Cluster start(Path dir, Settings settings) throws Exception {
    Cluster c = new Cluster(dir, settings);
    try {
      c.startBackends();
      c.startNodes();
      c.awaitReady(Duration.ofSeconds(60));
      c.awaitStable(Duration.ofSeconds(30));
      return c;
    } catch (Exception | AssertionError e) {
      System.err.println(c.logs());
      c.close();
      throw e;
    }
  }

  public static Cluster start(Path dir) throws Exception {
    return start(dir, Settings.defaults());
  }

  private void startBackends() throws Exception {
    for (int i = 0; i < settings.backends(); i++) {
      backendPorts.add(port());
      if (settings.backendRelays()) {
        TcpRelay relay = TcpRelay.start(HOST, port(), HOST, backendPorts.get(i));
        backendRelays.add(relay);
        advertisedPorts.add(relay.port());
      } else {
        advertisedPorts.add(backendPorts.get(i));
      }
    }
    for (int i = 0; i < settings.backends(); i++) {
      Path d = dir.resolve("backend-" + i);
      List<String> args = new ArrayList<>();
      if (i > 0) {
        args.addAll(List.of("--replicaof", HOST, advertisedPorts.get(0).toString()));
      }
      if (settings.backendRelays()) {
        // a master lists its replicas under the addresses everybody else uses
        args.addAll(List.of("--replica-announce-port", advertisedPorts.get(i).toString()));
      }
      backends.add(NodeProcess.belayBackend(d, backendPorts.get(i), args.toArray(String[]::new)));
    }
    for (int i = 1; i < settings.backends(); i++) {
      int port = backendPorts.get(i);
      eventually(Duration.ofSeconds(30), () -> {
        if (!"up".equals(Redis.info(port, "replication").get("master_link_status"))) {
          throw new AssertionError("backend on " + port + " is not in sync yet");
        }
      });
    }
  }

  private void startNodes() throws Exception {
    List<String> members = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < settings.nodes(); i++) {
      proxyPorts.add(port());
      httpPorts.add(port());
      clusterPorts.add(port());
      hosts.add(settings.relays() ? bindHost(i) : HOST);
    }
    for (int i = 0; i < settings.nodes(); i++) {
      if (settings.relays()) {
        TcpRelay relay = TcpRelay.start(relayHost(i), port(), hosts.get(i), clusterPorts.get(i));
        relays.add(relay);
        members.add(relayHost(i) + ":" + relay.port());
      } else {
        members.add(HOST + ":" + clusterPorts.get(i));
      }
    }
    List<Path> configs = new ArrayList<>();
    for (int i = 0; i < settings.nodes(); i++) {
      Path d = dir.resolve(nodeName(i));
      Files.createDirectories(d);
      Path yaml = d.resolve("belay.yaml").toAbsolutePath();
      List<String> ownMembers = new ArrayList<>(members);
      if (settings.relays()) {
        // a node finds its own bind address as the member entry with its own port
        ownMembers.set(i, hosts.get(i) + ":" + clusterPorts.get(i));
      }
      Files.writeString(yaml, yaml(i, ownMembers));
      configs.add(yaml);
    }
    ExecutorService starter = Executors.newFixedThreadPool(settings.nodes());
    try {
      List<Future<NodeProcess>> started = new ArrayList<>();
      for (int i = 0; i < settings.nodes(); i++) {
        int n = i;
        started.add(starter.submit(() -> NodeProcess.belayNode(dir.resolve(nodeName(n)), configs.get(n),
            httpPorts.get(n), jvmOptions(n))));
      }
      // every node that did start is kept, so that close() stops it even when another failed
      Exception failed = null;
      for (Future<NodeProcess> f : started) {
        try {
          nodes.add(f.get());
        } catch (ExecutionException e) {
          failed = failed != null ? failed : e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      starter.shutdownNow();
    }
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up). A port the kernel picked for a
   * listener can be handed out again to one of the many outgoing connections these processes
   * open before the listener binds it; ports from below that range are never handed out so.
   */
  private int port() throws IOException {
    while (true) {
      int candidate = 20_000 + random.nextInt(12_000);
      if (usedPorts.add(candidate)) {
        try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
          return candidate;
        } catch (IOException e) {
          // taken: try another
        }
      }
    }
  }

  private List<String> jvmOptions(int node) {
    // C1 only and the serial collector: seven JVMs share a small machine, and JIT or GC
    // threads starving the probes would make 200 ms of silence look like a dead master.
    List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (settings.relays()) {
      // Members reach this node only through its relay, and it connects out from the relay's
      // address, so every relay can tell this node's connections by their source address.
      options.add("-Dhazelcast.local.publicAddress=" + relayHost(node) + ":" + relays.get(node).port());
      options.add("-Dhazelcast.socket.client.bind.any=false");
    }
    return options;
  }

  private String yaml(int node, List<String> members) {
    StringBuilder y = new StringBuilder();
    y.append("node: { name: ").append(nodeName(node)).append(", http: ").append(HOST).append(':')
        .append(httpPorts.get(node)).append(" }\n");
    y.append("cluster: { name: ").append(clusterName).append(", port: ").append(clusterPorts.get(node))
        .append(", members: [").append(String.join(", ", members)).append("] }\n");
    y.append("groups:\n");
    y.append("  - name: ").append(GROUP).append('\n');
    y.append("    listen: ").append(HOST).append(':').append(proxyPorts.get(node)).append('\n');
    y.append("    backends: [").append(advertisedPorts.stream().map(p -> HOST + ":" + p)
        .collect(Collectors.joining(", "))).append("]\n");
    y.append("    quorum: ").append(settings.quorum()).append('\n');
    y.append("    down-after: ").append(settings.downAfter()).append('\n');
    for (String line : settings.groupExtras()) {
      y.append("    ").append(line).append('\n');
    }
    return y.toString();
  }

  // ---------------------------------------------------------------- names and addresses

  public String nodeName(int node) {
    return "n" + (node + 1);
  }

  public int nodeCount() {
    return settings.nodes();
  }

  public int backendCount() {
    return settings.backends();
  }

  public NodeProcess node(int i) {
    return nodes.get(i);
  }

  public NodeProcess backend(int i) {
    return backends.get(i);
  }

  public int proxyPort(int node) {
    return proxyPorts.get(node);
  }

  public int httpPort(int node) {
    return httpPorts.get(node);
  }

  public int backendPort(int backend) {
    return backendPorts.get(backend);
  }

  /** The backend's address in the configuration, which replicas and nodes use. */
  public String address(int backend) {
    return HOST + ":" + advertisedPorts.get(backend);
  }

  /** The index of the backend at {@code host:port}, or -1. */
  public int backendAt(String address) {
    for (int i = 0; i < backendPorts.size(); i++) {
      if (address(i).equals(address)) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- ops HTTP

  public HttpResponse<String> get(int node, String path) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(uri(node, path)).timeout(HTTP_TIMEOUT).GET().build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(int node, String path, Duration timeout) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(uri(node, path)).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(int node, String path) {
    return URI.create("http://" + HOST + ":" + httpPorts.get(node) + path);
  }

  /** This group as node {@code node} sees it: {@code epoch}, {@code leader}, {@code master}, ... */
  public JsonObject group(int node) throws IOException, InterruptedException {
    HttpResponse<String> r = get(node, "/api/topology");
    if (r.statusCode() != 200) {
      throw new IOException(nodeName(node) + ": /api/topology answered " + r.statusCode() + " " + r.body());
    }
    JsonArray groups = new JsonObject(r.body()).getJsonArray("groups");
    for (int i = 0; i < groups.size(); i++) {
      if (GROUP.equals(groups.getJsonObject(i).getString("name"))) {
        return groups.getJsonObject(i);
      }
    }
    throw new IOException(nodeName(node) + " has no group " + GROUP);
  }

  public Optional<String> reportedMaster(int node) throws IOException, InterruptedException {
    return Optional.ofNullable(group(node).getString("master"));
  }

  public long epoch(int node) throws IOException, InterruptedException {
    return group(node).getLong("epoch");
  }

  /** Whether the node says it leads the cluster (its topology names itself as leader). */
  public boolean leads(int node) throws IOException, InterruptedException {
    return nodeName(node).equals(group(node).getString("leader"));
  }

  /** The event types (e.g. {@code +switch-master}) with their messages that the node recorded. */
  public List<String> events(int node) throws IOException, InterruptedException {
    HttpResponse<String> r = get(node, "/api/events");
    JsonArray events = r.body().trim().startsWith("[") ? new JsonArray(r.body())
        : new JsonObject(r.body()).getJsonArray("events", new JsonArray());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      out.add(e.getString("type") + " " + e.getString("message"));
    }
    return out;
  }

  /** Starts recording the node's live event stream. */
  public EventTap tapEvents(int node) throws IOException, InterruptedException {
    return EventTap.open(http, uri(node, "/api/events/stream"), nodeName(node));
  }

  public boolean ready(int node) {
    try {
      return get(node, "/health/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---------------------------------------------------------------- state

  /** INFO replication of a running backend. */
  public Map<String, String> replication(int backend) {
    return Redis.info(backendPorts.get(backend), "replication");
  }

  /** The running backends whose INFO says {@code role:master}. */
  public List<Integer> backendsClaimingMaster() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < backends.size(); i++) {
      if (backends.get(i).isAlive() && "master".equals(replication(i).get("role"))) {
        out.add(i);
      }
    }
    return out;
  }

  public List<Integer> liveNodes() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).isAlive()) {
        out.add(i);
      }
    }
    return out;
  }

  public void awaitReady(Duration timeout) throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      int n = i;
      eventually(timeout, () -> {
        HttpResponse<String> r = get(n, "/health/ready");
        if (r.statusCode() != 200) {
          throw new AssertionError(nodeName(n) + " is not ready: " + r.body());
        }
      });
    }
  }

  /**
   * Waits until the running nodes agree on one master and one epoch, exactly one running
   * backend says it is a master, it is that master, and every other running backend
   * replicates from it with its link up. Returns the master's backend index.
   */
  public int awaitStable(Duration timeout) throws Exception {
    return awaitStable(timeout, liveNodes());
  }

  /** As {@link #awaitStable(Duration)}, asking only {@code among} (e.g. a majority side). */
  public int awaitStable(Duration timeout, List<Integer> among) throws Exception {
    int[] master = new int[1];
    eventually(timeout, () -> master[0] = stableMaster(among));
    return master[0];
  }

  private int stableMaster(List<Integer> among) throws IOException, InterruptedException {
    String address = null;
    long epoch = -1;
    for (int n : among) {
      JsonObject g = group(n);
      String m = g.getString("master");
      if (m == null) {
        throw new AssertionError(nodeName(n) + " knows no master");
      }
      if (address != null && (!address.equals(m) || epoch != g.getLong("epoch"))) {
        throw new AssertionError("nodes disagree: " + address + "@" + epoch + " vs " + m + "@" + g.getLong("epoch"));
      }
      address = m;
      epoch = g.getLong("epoch");
    }
    int master = backendAt(address);
    List<Integer> claiming = backendsClaimingMaster();
    if (!claiming.equals(List.of(master))) {
      throw new AssertionError("nodes say " + address + ", backends claiming master: " + claiming);
    }
    for (int i = 0; i < backends.size(); i++) {
      if (i == master || !backends.get(i).isAlive()) {
        continue;
      }
      Map<String, String> info = replication(i);
      if (!String.valueOf(advertisedPorts.get(master)).equals(info.get("master_port"))
          || !"up".equals(info.get("master_link_status"))) {
        throw new AssertionError("backend " + address(i) + " does not follow " + address + ": " + info);
      }
    }
    return master;
  }

  /** Every running node's view, for messages: name, epoch, master, leader. */
  public String views() {
    StringBuilder b = new StringBuilder();
    for (int n : liveNodes()) {
      try {
        JsonObject g = group(n);
        b.append(nodeName(n)).append(": epoch ").append(g.getLong("epoch")).append(", master ")
            .append(g.getString("master")).append(", leader ").append(g.getString("leader")).append("; ");
      } catch (IOException e) {
        b.append(nodeName(n)).append(": ").append(e.getMessage()).append("; ");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- isolation

  /**
   * Cuts every Hazelcast connection to and from {@code node} and refuses new ones, while its
   * proxy, ops HTTP and backend connections stay up: the node is alone, not dead.
   */
  public void isolate(int node) {
    requireRelays();
    Set<String> hosts = Set.of(relayHost(node), bindHost(node));
    relays.get(node).cut(any -> true);
    for (int i = 0; i < relays.size(); i++) {
      if (i != node) {
        relays.get(i).cut(hosts::contains);
      }
    }
  }

  /**
   * With backend relays: the node processes can no longer reach {@code backend} (their
   * connections go silent, new ones are refused), while its replicas' links to it, and its own
   * to its master, keep flowing. Undone by {@link #healBackends}.
   */
  public void cutFromNodes(int backend) {
    if (backendRelays.isEmpty()) {
      throw new IllegalStateException("start the cluster with Settings.withBackendRelays() to cut backends");
    }
    Set<Long> pids = new java.util.HashSet<>();
    for (NodeProcess n : nodes) {
      if (n.isAlive()) {
        pids.add(n.pid());
      }
    }
    backendRelays.get(backend).cutProcesses(pids);
  }

  /** With backend relays: the relay in front of {@code backend}, to cut or delay. */
  public TcpRelay backendRelay(int backend) {
    return backendRelays.get(backend);
  }

  /** Undoes every cut of a backend relay. */
  public void healBackends() {
    backendRelays.forEach(TcpRelay::heal);
  }

  /** With relays: the loopback address a node's Hazelcast binds, one of its own. */
  private static String bindHost(int node) {
    return "127.0.0." + (11 + node);
  }

  /** With relays: the loopback address of the node's relay, its public Hazelcast address. */
  private static String relayHost(int node) {
    return "127.0.0." + (21 + node);
  }

  /** Lets the node's Hazelcast traffic through again. */
  public void heal() {
    requireRelays();
    relays.forEach(TcpRelay::heal);
  }

  private void requireRelays() {
    if (relays.isEmpty()) {
      throw new IllegalStateException("start the cluster with Settings.withRelays() to isolate nodes");
    }
  }

  // ---------------------------------------------------------------- logs and closing

  /** The last lines of every process's log. */
  public String logs() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      b.append("---- ").append(nodeName(i)).append('\n').append(nodes.get(i).logTail()).append('\n');
    }
    for (int i = 0; i < backends.size(); i++) {
      b.append("---- backend ").append(address(i)).append('\n').append(backends.get(i).logTail()).append('\n');
    }
    return b.toString();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    nodes.forEach(NodeProcess::close);
    backends.forEach(NodeProcess::close);
    relays.forEach(TcpRelay::close);
    backendRelays.forEach(TcpRelay::close);
    for (int i = 0; i < backendRelays.size(); i++) {
      try {
        Files.write(dir.resolve("relay-backend-" + i + ".log"), backendRelays.get(i).journal());
      } catch (IOException e) {
        // as below
      }
    }
    for (int i = 0; i < relays.size(); i++) {
      try {
        Files.write(dir.resolve("relay-" + nodeName(i) + ".log"), relays.get(i).journal());
      } catch (IOException e) {
        // the journal is a help for post-mortems, not a result
      }
    }
  }
}
