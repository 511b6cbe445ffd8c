package io.belay.it.clients;

import io.belay.it.harness.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What stores a proxied group's data: Belay's own {@code belay backend} processes, or stock
 * {@code redis-server} processes that a node fronts and fails over with plain REPLICAOF.
 */
public enum BackendKind {

  BELAY_BACKEND {
    @Override
    NodeProcess start(Path dir, int port, int masterPort) throws IOException, InterruptedException {
      return masterPort < 0
          ? NodeProcess.belayBackend(dir, port, "--save", "")
          : NodeProcess.belayBackend(dir, port, "--save", "", "--replicaof", "127.0.0.1", Integer.toString(masterPort));
    }
  },

  /** A full sync starts at once instead of waiting 5 s for more replicas to share it. */
  REDIS_SERVER {
    @Override
    NodeProcess start(Path dir, int port, int masterPort) throws IOException, InterruptedException {
      return masterPort < 0
          ? NodeProcess.redisServer(dir, port, "--save", "", "--repl-diskless-sync-delay", "0")
          : NodeProcess.redisServer(dir, port, "--save", "", "--repl-diskless-sync-delay", "0",
              "--replicaof", "127.0.0.1", Integer.toString(masterPort));
    }
  };

  /**
   * A server on {@code port} in {@code dir}, started and accepting connections; a replica of the
   * master on {@code masterPort}, or a master when it is negative.
   */
  abstract NodeProcess start(Path dir, int port, int masterPort) throws IOException, InterruptedException;
}
