package io.belay.it.clients;

import io.belay.it.harness.NodeProcess;
import java.nio.file.Path;

/**
 * What the compatibility matrix runs clients against: a proxied group of Belay backends, and a
 * stock redis-server beside it as the oracle.
 */
final class Matrix implements AutoCloseable {

  private final ProxiedGroup group;
  private final NodeProcess redis;

  private Matrix(ProxiedGroup group, NodeProcess redis) {
    this.group = group;
    this.redis = redis;
  }

  /** Reads go to replicas, so that a client's reads through the proxy cross replication. */
  static Matrix start(Path dir) throws Exception {
    NodeProcess redis = NodeProcess.redisServer(dir.resolve("oracle"), LoopbackPorts.next(), "--save", "",
        "--repl-diskless-sync-delay", "0");
    try {
      return new Matrix(ProxiedGroup.start(dir.resolve("group"), BackendKind.BELAY_BACKEND,
          "read-policy: prefer-replica", "consistency: read-your-writes"), redis);
    } catch (Exception | AssertionError e) {
      redis.close();
      throw e;
    }
  }

  ProxiedGroup group() {
    return group;
  }

  int port(Target target) throws Exception {
    return switch (target) {
      case PROXY -> group.proxyPort();
      case BACKEND -> group.backendPort(group.master());
      case REDIS -> redis.port();
    };
  }

  @Override
  public void close() {
    group.close();
    redis.close();
  }
}
