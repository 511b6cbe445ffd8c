package io.belay.backends.testing;

import io.belay.backends.Backend;
import io.belay.backends.BackendOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One backend as its own process, for tests that kill it: {@code --port P} and any
 * {@code --<redis.conf name> value}. Prints {@code READY <port>} once it accepts clients, and
 * {@code FATAL <message>} (exit status 1) if it cannot start. SHUTDOWN exits the process.
 */
public final class BackendMain {

  private BackendMain() {
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String name = args[i].substring(2);
      if (name.equals("port")) {
        port = Integer.parseInt(args[i + 1]);
      } else {
        config.put(name, args[i + 1]);
      }
    }
    Vertx vertx = Vertx.vertx();
    Backend backend;
    try {
      backend = Backend.start(vertx, new BackendOptions("127.0.0.1", port, 16, config), new SimpleMeterRegistry())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      System.out.println("FATAL " + e.getCause().getMessage());
      System.out.flush();
      System.exit(1);
      return;
    }
    backend.engine().setShutdownHandler(save -> {
      backend.shutdown(save);
      backend.stop().onComplete(ar -> System.exit(0));
    });
    System.out.println("READY " + backend.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
