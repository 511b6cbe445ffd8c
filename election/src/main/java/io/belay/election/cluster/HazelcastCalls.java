package io.belay.election.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs Hazelcast calls off the event loop. A Hazelcast operation may wait for a partition owner
 * for up to its call timeout, so it runs on a small worker pool and its result comes back to the
 * calling context. The pool is small on purpose: the election makes a few calls per group per
 * probe interval, and a pool that is exhausted means Hazelcast itself is stuck.
 */
public final class HazelcastCalls {

  private static final int POOL_SIZE = 8;

  private final WorkerExecutor executor;

  public HazelcastCalls(Vertx vertx, String name) {
    this.executor = vertx.createSharedWorkerExecutor("belay-election-" + name, POOL_SIZE, 60,
        TimeUnit.SECONDS);
  }

  /** Completes on the caller's context with the call's result or failure. */
  public <T> Future<T> call(Callable<T> body) {
    return executor.executeBlocking(body, false);
  }

  public Future<Void> close() {
    return executor.close();
  }
}
