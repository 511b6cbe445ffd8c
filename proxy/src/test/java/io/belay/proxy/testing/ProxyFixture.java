package io.belay.proxy.testing;

import io.belay.proxy.ProxyGroup;
import io.belay.proxy.ProxyMetrics;
import io.belay.proxy.ProxyOptions;
import io.belay.proxy.ProxyServer;
import io.belay.routing.RoutingHolder;
import io.belay.routing.RoutingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/** A Vert.x instance and one group's proxy on a free loopback port. */
public final class ProxyFixture implements AutoCloseable {

  public final Vertx vertx;
  public final ProxyGroup group;
  public final ProxyServer server;
  public final SimpleMeterRegistry registry;

  private ProxyFixture(Vertx vertx, ProxyGroup group, ProxyServer server,
      SimpleMeterRegistry registry) {
    this.vertx = vertx;
    this.group = group;
    this.server = server;
    this.registry = registry;
  }

  public static ProxyFixture start(RoutingHolder holder, RoutingSettings settings,
      ProxyOptions options) throws Exception {
    return start(holder, settings, options, g -> { });
  }

  public static ProxyFixture start(RoutingHolder holder, RoutingSettings settings,
      ProxyOptions options, Consumer<ProxyGroup> beforeStart) throws Exception {
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProxyGroup group = new ProxyGroup(holder, settings, options,
        new ProxyMetrics(registry, holder.group()));
    beforeStart.accept(group);
    try {
      ProxyServer server = ProxyServer.start(vertx, group).toCompletionStage()
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new ProxyFixture(vertx, group, server, registry);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** Options for tests: loopback, a free port, two event loops. */
  public static ProxyOptions options() throws Exception {
    return ProxyOptions.defaults("127.0.0.1", RedisServer.freePort()).withEventLoops(2);
  }

  public int port() {
    return server.port();
  }

  public Jedis jedis() {
    return new Jedis("127.0.0.1", port(), 10_000);
  }

  public Jedis jedis3() {
    return new Jedis(new HostAndPort("127.0.0.1", port()),
        DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).timeoutMillis(10_000)
            .build());
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("proxy did not stop", e);
    }
  }
}
