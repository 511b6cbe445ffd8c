package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real ops server on a free loopback port over a {@link FakeNode}, and a client for it. */
final class ServerFixture implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final Vertx vertx;
  final FakeNode node;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OpsHttpServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private ServerFixture(Builder builder) {
    this.vertx = builder.vertx;
    this.node = builder.node;
    this.server = await(OpsHttpServer.start(vertx,
        new HttpOptions("127.0.0.1", 0, builder.token), registry,
        builder.topology != null ? builder.topology : node,
        builder.admin != null ? builder.admin : node,
        builder.events != null ? builder.events : node, node));
  }

  static ServerFixture start(Vertx vertx, FakeNode node) {
    return builder(vertx).node(node).start();
  }

  static ServerFixture startWithToken(Vertx vertx, FakeNode node, String token) {
    return builder(vertx).node(node).token(token).start();
  }

  static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  static FakeNode threeNodeGroup() {
    return new FakeNode().group("mymaster", "127.0.0.1:6380", "127.0.0.1:6381", "127.0.0.1:6382");
  }

  URI uri(String path) {
    return URI.create(server.url() + path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> put(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return fail("future did not complete", e);
    }
  }

  /** Replaces one view of the fake node with another, for the cases the fake does not cover. */
  static final class Builder {
    private final Vertx vertx;
    private FakeNode node = threeNodeGroup();
    private TopologyView topology;
    private AdminActions admin;
    private EventFeed events;
    private Optional<String> token = Optional.empty();

    private Builder(Vertx vertx) {
      this.vertx = vertx;
    }

    Builder node(FakeNode node) {
      this.node = node;
      return this;
    }

    Builder topology(TopologyView topology) {
      this.topology = topology;
      return this;
    }

    Builder admin(AdminActions admin) {
      this.admin = admin;
      return this;
    }

    Builder events(EventFeed events) {
      this.events = events;
      return this;
    }

    Builder token(String token) {
      this.token = Optional.of(token);
      return this;
    }

    ServerFixture start() {
      return new ServerFixture(this);
    }
  }

  @Override
  public void close() {
    await(server.close());
    registry.close();
  }
}
