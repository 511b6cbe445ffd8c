package io.belay.election.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hook scripts on a worker pool with a timeout, as Sentinel runs its notification and
 * client-reconfig scripts. A script that outlives its timeout is killed. At most
 * {@link #MAX_QUEUED} runs wait at once (Sentinel's script queue is bounded too): a script that
 * keeps hanging must not pile up processes, so runs beyond the bound are dropped with a warning.
 */
public final class ScriptRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
  static final int MAX_QUEUED = 64;

  private final WorkerExecutor executor;
  private final AtomicInteger queued = new AtomicInteger();

  public ScriptRunner(Vertx vertx) {
    this.executor = vertx.createSharedWorkerExecutor("belay-election-hooks", 4, 10,
        TimeUnit.MINUTES);
  }

  /** Runs {@code script args...}; completes with the exit code, or -1 when killed or dropped. */
  public Future<Integer> run(Path script, List<String> args, Duration timeout) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      LOG.warn("hook {} dropped: {} runs already waiting", script, MAX_QUEUED);
      return Future.succeededFuture(-1);
    }
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(args);
    return executor.executeBlocking(() -> {
      try {
        Process p = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          LOG.warn("hook {} killed after {} ms", script, timeout.toMillis());
          return -1;
        }
        int code = p.exitValue();
        if (code != 0) {
          LOG.warn("hook {} exited with {}", script, code);
        }
        return code;
      } catch (java.io.IOException e) {
        LOG.warn("hook {} could not start: {}", script, e.getMessage());
        return -1;
      } finally {
        queued.decrementAndGet();
      }
    }, false);
  }

  public Future<Void> close() {
    return executor.close();
  }
}
