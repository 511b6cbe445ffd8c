package io.belay.it.replication;

import io.belay.it.harness.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The servers a replication test body runs against: Belay backends, and stock redis-server
 * as the oracle for what the same steps should do.
 */
enum ServerKind {

  BELAY {
    @Override
    NodeProcess start(Path dir, String... args) throws IOException, InterruptedException {
      return NodeProcess.belayBackend(dir, NodeProcess.freePort(), args);
    }

    @Override
    String[] replicaOf(int masterPort) {
      return new String[] {"--replicaof", "127.0.0.1:" + masterPort};
    }
  },

  /** redis-server starts a full sync at once instead of waiting 5 s for more replicas to share it. */
  REDIS {
    @Override
    NodeProcess start(Path dir, String... args) throws IOException, InterruptedException {
      String[] all = Stream.concat(Stream.of("--repl-diskless-sync-delay", "0"),
          Stream.of(args)).toArray(String[]::new);
      return NodeProcess.redisServer(dir, NodeProcess.freePort(), all);
    }

    @Override
    String[] replicaOf(int masterPort) {
      return new String[] {"--replicaof", "127.0.0.1", Integer.toString(masterPort)};
    }
  };

  /** A server on a free loopback port in {@code dir}, started and ready, with flags {@code args}. */
  abstract NodeProcess start(Path dir, String... args) throws IOException, InterruptedException;

  /** The command-line flags that start a server as a replica of the master on {@code masterPort}. */
  abstract String[] replicaOf(int masterPort);
}
