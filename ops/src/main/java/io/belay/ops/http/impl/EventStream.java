package io.belay.ops.http.impl;

import io.belay.ops.http.Event;
import io.belay.ops.http.EventFeed;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/events/stream}: Server-Sent Events, one {@code data:} message per event,
 * its JSON the same as in {@code /api/events}.
 */
public final class EventStream implements Handler<RoutingContext> {

  /** Each stream holds a connection and a subscription; a few operators need a few dozen. */
  static final int MAX_STREAMS = 64;
  /** Under the idle timeouts of common reverse proxies (60 s), and shows a dead client. */
  static final long KEEP_ALIVE_MS = 15_000;
  /** How long a browser's EventSource waits before it reconnects. */
  static final long RETRY_MS = 3_000;

  private final Vertx vertx;
  private final EventFeed feed;
  private final AtomicInteger open = new AtomicInteger();

  public EventStream(Vertx vertx, EventFeed feed) {
    this.vertx = vertx;
    this.feed = feed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (open.incrementAndGet() > MAX_STREAMS) {
      open.decrementAndGet();
      Responses.error(ctx, 503, "too many event streams open (" + MAX_STREAMS
          + "); poll /api/events instead");
      return;
    }
    new Stream(ctx, vertx.getOrCreateContext()).start();
  }

  /** One client's stream; every method runs on the context that accepted the request. */
  private final class Stream {

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Context context;
    private EventFeed.Subscription subscription;
    private long keepAlive;
    private boolean stopped;

    Stream(RoutingContext ctx, Context context) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.context = context;
    }

    void start() {
      // Subscribe first: if the feed refuses, nothing is sent yet and the error is JSON.
      // Events it delivers meanwhile wait on the context until this method has returned.
      try {
        subscription = feed.subscribe(event -> context.runOnContext(ignored -> send(event)));
      } catch (RuntimeException e) {
        open.decrementAndGet();
        throw e;
      }
      response.setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          // nginx would otherwise buffer the stream and deliver events late.
          .putHeader("X-Accel-Buffering", "no");
      response.closeHandler(ignored -> stop());
      response.write("retry: " + RETRY_MS + "\n\n");
      keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> write(": keep-alive\n\n"));
    }

    private void send(Event event) {
      write("data: " + TopologyJson.event(event).encode() + "\n\n");
    }

    private void write(String text) {
      if (stopped) {
        return;
      }
      if (response.writeQueueFull()) {
        // A client that stopped reading must not hold events in memory without bound; it
        // reconnects and reloads /api/events.
        stop();
        ctx.request().connection().close();
        return;
      }
      response.write(text);
    }

    private void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      open.decrementAndGet();
      vertx.cancelTimer(keepAlive);
      subscription.close();
    }
  }
}
