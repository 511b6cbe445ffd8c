package io.belay.ops.launch;

import io.belay.backends.Backend;
import io.belay.backends.BackendOptions;
import io.belay.ops.ExitCodes;
import io.belay.ops.config.BackendSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code belay backend}: one embedded backend as its own process, a drop-in for
 * redis-server. SHUTDOWN, SIGTERM and Ctrl-C stop it the same way: save if persistence is
 * configured, close the listener, exit.
 */
final class BackendMode {

  private static final Logger log = LoggerFactory.getLogger(BackendMode.class);

  private final PrintWriter err;

  BackendMode(PrintWriter err) {
    this.err = err;
  }

  int run(BackendSettings s) {
    BackendOptions options = new BackendOptions(s.bind(), s.port(), 16, redisConfig(s));
    Vertx vertx = Vertx.vertx();
    Backend backend;
    try {
      backend = Backend.start(vertx, options, new SimpleMeterRegistry())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("belay backend: cannot start on " + s.bind() + ":" + s.port() + ": " + cause.getMessage());
      err.flush();
      vertx.close();
      return ExitCodes.FAILURE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      backend.stop().eventually(vertx::close).onComplete(ar -> stopped.countDown());
    };
    backend.engine().setShutdownHandler(save -> {
      log.info("SHUTDOWN requested{}", save ? ", saving" : "");
      backend.shutdown(save);
      stop.run();
    });
    Thread hook = new Thread(() -> {
      if (stopped.getCount() > 0) {
        log.info("signal received: shutting down");
        backend.context().runOnContext(v -> {
          // as redis-server on SIGTERM: save only when snapshots are configured
          backend.shutdown(!s.save().isDisabled());
          stop.run();
        });
        awaitQuietly(stopped);
      }
    }, "belay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    log.info("Belay backend ready to accept connections on {}:{}", s.bind(), backend.port());
    awaitQuietly(stopped);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, through the hook itself
    }
    return ExitCodes.OK;
  }

  /** The settings under their redis.conf names, which the backend's CONFIG knows. */
  static Map<String, String> redisConfig(BackendSettings s) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("dir", s.dir().toString());
    c.put("dbfilename", s.dbFilename());
    c.put("appendonly", s.appendOnly() ? "yes" : "no");
    c.put("appendfilename", s.appendFilename());
    c.put("appendfsync", s.appendFsync().configName());
    c.put("save", s.save().toString());
    c.put("maxmemory", Long.toString(s.maxMemory().bytes()));
    c.put("maxmemory-policy", s.maxMemoryPolicy().configName());
    c.put("replica-priority", Integer.toString(s.replicaPriority()));
    s.replicaAnnounceIp().ifPresent(ip -> c.put("replica-announce-ip", ip));
    if (s.replicaAnnouncePort() != 0) {
      c.put("replica-announce-port", Integer.toString(s.replicaAnnouncePort()));
    }
    s.requirePass().ifPresent(p -> c.put("requirepass", p.value()));
    s.masterAuth().ifPresent(p -> c.put("masterauth", p.value()));
    s.pidFile().ifPresent(p -> c.put("pidfile", p.toString()));
    s.logFile().ifPresent(p -> c.put("logfile", p.toString()));
    s.replicaOf().ifPresent(hp -> c.put("replicaof", hp.host() + " " + hp.port()));
    return c;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
