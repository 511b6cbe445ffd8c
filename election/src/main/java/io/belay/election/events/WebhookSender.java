package io.belay.election.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs events as JSON to webhooks with Vert.x's HTTP client, retrying a failed delivery
 * {@link #ATTEMPTS} times with doubling pauses. Deliveries never hold up the caller. At most
 * {@link #MAX_IN_FLIGHT} deliveries are under way; beyond that an endpoint is too slow to keep
 * up and further events are dropped with a warning rather than buffered without bound.
 */
public final class WebhookSender {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  static final int ATTEMPTS = 3;
  static final int MAX_IN_FLIGHT = 256;
  private static final long FIRST_PAUSE_MILLIS = 500;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final AtomicInteger inFlight = new AtomicInteger();

  public WebhookSender(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
  }

  /** Delivers {@code body}; completes with whether some attempt got a 2xx answer. */
  public Future<Boolean> send(URI url, JsonObject body, Duration timeout) {
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      LOG.warn("webhook {} dropped an event: {} deliveries under way", url, MAX_IN_FLIGHT);
      return Future.succeededFuture(false);
    }
    Promise<Boolean> done = Promise.promise();
    attempt(url, body.toBuffer(), timeout, 1, FIRST_PAUSE_MILLIS, done);
    return done.future().andThen(ar -> inFlight.decrementAndGet());
  }

  private void attempt(URI url, Buffer body, Duration timeout, int n, long pause,
      Promise<Boolean> done) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(url.toString())
        .setTimeout(timeout.toMillis())
        .putHeader("content-type", "application/json");
    client.request(options)
        .compose(request -> request.send(body))
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : 0;
          if (status >= 200 && status < 300) {
            done.complete(true);
          } else if (n >= ATTEMPTS) {
            LOG.warn("webhook {} failed {} times, last: {}", url, n,
                ar.succeeded() ? "HTTP " + status : ar.cause().getMessage());
            done.complete(false);
          } else {
            vertx.setTimer(pause, t -> attempt(url, body, timeout, n + 1, pause * 2, done));
          }
        });
  }

  public Future<Void> close() {
    return client.close();
  }
}
