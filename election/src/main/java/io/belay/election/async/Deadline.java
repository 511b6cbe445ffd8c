package io.belay.election.async;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;

/**
 * A deadline that fires on the caller's context. {@code Future.timeout} fires on a global
 * executor when the future carries no context, which would run the rest of a chain off the
 * election context; a Vert.x timer set from the context fires on it.
 */
public final class Deadline {

  private Deadline() {
  }

  /** {@code f}, or a {@link TimeoutException} with {@code message} after {@code millis}. */
  public static <T> Future<T> within(Vertx vertx, Future<T> f, long millis, String message) {
    if (f.isComplete()) {
      return f;
    }
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, millis),
        t -> p.tryFail(new TimeoutException(message)));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }
}
