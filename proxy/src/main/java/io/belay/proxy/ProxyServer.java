package io.belay.proxy;

import io.belay.proxy.impl.ProxyVerticle;
import io.belay.proxy.impl.ServerState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The proxy of one group: a listener on the group's {@code listen} address, one instance per
 * event loop ({@link ProxyOptions#eventLoops()}), each with its own sessions and backend
 * connections. Start it with {@link #start}; the group's holder and settings drive it from then
 * on.
 *
 * <pre>{@code
 * RoutingHolder holder = new RoutingHolder(initialTable);
 * ProxyGroup group = new ProxyGroup(holder, settings,
 *     ProxyOptions.defaults("127.0.0.1", 6379).withHoldWrites(Duration.ofSeconds(2)),
 *     new ProxyMetrics(meterRegistry, "mymaster"));
 * group.registerInProcess("127.0.0.1:6380", embeddedBackend);   // optional
 * ProxyServer.start(vertx, group).onSuccess(server -> ...);
 * // later: holder.offer(newTable); group.tableChanged();  group.updateSettings(newSettings);
 * }</pre>
 */
public final class ProxyServer {

  private final Vertx vertx;
  private final ProxyGroup group;
  private final ServerState state;
  private final List<String> deployments;
  private final Runnable tableListener;
  private final BiConsumer<String, String> eventListener;

  private ProxyServer(Vertx vertx, ProxyGroup group, ServerState state, List<String> deployments) {
    this.vertx = vertx;
    this.group = group;
    this.state = state;
    this.deployments = deployments;
    this.tableListener = state::tableChanged;
    group.addTableListener(tableListener);
    this.eventListener = state::publishEvent;
    group.addEventListener(eventListener);
  }

  /**
   * Starts listening. The first instance binds the configured port (0 picks one); the others
   * then share the port it bound.
   */
  public static Future<ProxyServer> start(Vertx vertx, ProxyGroup group) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(group, "group");
    ServerState state = new ServerState(group);
    int instances = group.options().eventLoops();
    List<String> deployments = new ArrayList<>(2);
    return vertx.deployVerticle(new ProxyVerticle(group, state, group.options().port()))
        .compose(first -> {
          deployments.add(first);
          if (instances == 1) {
            return Future.succeededFuture();
          }
          int bound = state.port();
          return vertx.deployVerticle(() -> new ProxyVerticle(group, state, bound),
              new DeploymentOptions().setInstances(instances - 1)).onSuccess(deployments::add);
        })
        .map(v -> new ProxyServer(vertx, group, state, deployments))
        .recover(e -> Future.all(undeploy(vertx, deployments)).transform(ignored ->
            Future.failedFuture(e)));
  }

  private static List<Future<Void>> undeploy(Vertx vertx, List<String> deployments) {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    return undeployed;
  }

  /** The port the proxy listens on (the one bound when {@link ProxyOptions#port()} is 0). */
  public int port() {
    return state.port();
  }

  public ProxyGroup group() {
    return group;
  }

  /** Stops listening and closes every client and backend connection. */
  public Future<Void> close() {
    group.removeTableListener(tableListener);
    group.removeEventListener(eventListener);
    return Future.all(undeploy(vertx, deployments)).mapEmpty();
  }
}
