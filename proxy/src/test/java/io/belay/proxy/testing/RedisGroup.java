package io.belay.proxy.testing;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendView;
import io.belay.routing.RoutingTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A redis-server master and two replicas of it, linked, on loopback. */
public final class RedisGroup implements AutoCloseable {

  public static final String NAME = "mymaster";

  public final RedisServer master;
  public final List<RedisServer> replicas;

  private RedisGroup(RedisServer master, List<RedisServer> replicas) {
    this.master = master;
    this.replicas = replicas;
  }

  public static RedisGroup start() throws Exception {
    RedisServer master = RedisServer.start(null);
    List<RedisServer> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        replicas.add(RedisServer.start(master.port()));
      }
      for (RedisServer replica : replicas) {
        Eventually.eventually(Duration.ofSeconds(15),
            () -> replica.info("replication").contains("master_link_status:up"));
      }
    } catch (Exception | Error e) {
      replicas.forEach(RedisServer::close);
      master.close();
      throw e;
    }
    return new RedisGroup(master, replicas);
  }

  public static BackendRef ref(RedisServer server) {
    return new BackendRef("redis-" + server.port(), "127.0.0.1", server.port());
  }

  /** A table with the master and both replicas up, at offset 0 (no offsets known for reads). */
  public RoutingTable table(long epoch) {
    List<BackendView> views = new ArrayList<>();
    views.add(BackendView.master(ref(master), 0));
    List<BackendRef> refs = new ArrayList<>();
    for (RedisServer replica : replicas) {
      refs.add(ref(replica));
      views.add(BackendView.replica(ref(replica), 0, 0, 0));
    }
    return RoutingTable.of(NAME, epoch, ref(master), refs, views);
  }

  public void resetStats() {
    master.resetStats();
    replicas.forEach(RedisServer::resetStats);
  }

  @Override
  public void close() {
    replicas.forEach(RedisServer::close);
    master.close();
  }
}
