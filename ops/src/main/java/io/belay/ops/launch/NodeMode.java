package io.belay.ops.launch;

import io.belay.ops.ExitCodes;
import io.belay.ops.config.ClientLimits;
import io.belay.ops.config.ClusterSection;
import io.belay.ops.config.Consistency;
import io.belay.ops.config.Durability;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.FailoverSettings;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.HookSettings;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.NodeConfig;
import io.belay.ops.config.NodeSection;
import io.belay.ops.config.ReadPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code belay node} and the embedded default: a {@link NodeRuntime} kept running until
 * SIGTERM or Ctrl-C, which stop it in order (the embedded backends save on the way out).
 */
final class NodeMode {

  private static final Logger log = LoggerFactory.getLogger(NodeMode.class);

  /** The group of the embedded default, under the name Sentinel users know. */
  static final String EMBEDDED_GROUP = "mymaster";

  private final PrintWriter out;
  private final PrintWriter err;

  NodeMode(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Event loops of the embedded default: one, shared by the proxy and its embedded backends, so
   * that a command goes from client to engine and back without changing threads (redis-server
   * too serves everything from one thread). A node keeps Vert.x's default.
   */
  static final int EMBEDDED_EVENT_LOOPS = 1;

  int run(NodeConfig config, Path dataDir) {
    return run(config, dataDir, 0);
  }

  /** @param eventLoops Vert.x event loops (and so proxy event loops at most); 0 for the default */
  int run(NodeConfig config, Path dataDir, int eventLoops) {
    Vertx vertx = eventLoops > 0
        ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)) : Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NodeRuntime runtime = new NodeRuntime(vertx, config, dataDir, registry, eventLoops);
    try {
      runtime.start().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("belay: cannot start node " + config.node().name() + ": " + cause.getMessage());
      err.flush();
      runtime.stop().eventually(vertx::close);
      return ExitCodes.FAILURE;
    }
    describe(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      log.info("signal received: shutting down");
      stop(runtime, vertx);
      stopped.countDown();
    }, "belay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  /**
   * Stops the runtime, then closes Vert.x on its own. Chaining the close after the runtime's
   * futures would hang: they complete on event loops, and a callback after the close is
   * dispatched to an event loop the close has just stopped, so it never runs.
   */
  private static void stop(NodeRuntime runtime, Vertx vertx) {
    try {
      runtime.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("shutdown did not complete cleanly: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly: {}", e.toString());
    }
  }

  private void describe(NodeConfig config) {
    for (GroupConfig g : config.groups()) {
      out.println("group " + g.name() + ": clients connect to " + g.listen() + " (redis-cli "
          + (g.tls().isPresent() ? "--tls --cacert <CA file> " : "") + "-p "
          + g.listen().port() + "); backends " + g.backends() + (g.embedded().isEmpty() ? "" : ", embedded here"));
    }
    HostPort http = config.node().http();
    out.println("ops: http://" + http + "/ (dashboard), /metrics, /health/ready, /api/topology");
    out.flush();
  }

  /** The embedded default as a node configuration: one group, all of its backends in this process. */
  static NodeConfig embedded(EmbeddedSettings s) {
    List<HostPort> backends = s.backendPorts().stream().map(p -> new HostPort(EmbeddedSettings.HOST, p)).toList();
    GroupConfig group = new GroupConfig(EMBEDDED_GROUP, new HostPort(EmbeddedSettings.HOST, s.port()), backends,
        backends, 1, Duration.ofSeconds(2), ReadPolicy.PREFER_REPLICA, Duration.ofSeconds(1),
        Consistency.READ_YOUR_WRITES, Durability.ASYNC, Duration.ofSeconds(2), Optional.empty(), Optional.empty(),
        backends.size() > 1 ? 1 : 0, Duration.ofSeconds(10), FailoverSettings.DEFAULTS, HookSettings.NONE,
        ClientLimits.DEFAULTS, Optional.empty());
    return new NodeConfig(new NodeSection("embedded", new HostPort(EmbeddedSettings.HOST, s.httpPort()),
        Optional.empty()), new ClusterSection(ClusterSection.DEFAULT_NAME, freePort(), List.of()), List.of(group));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      return ClusterSection.DEFAULT_PORT;
    }
  }
}
