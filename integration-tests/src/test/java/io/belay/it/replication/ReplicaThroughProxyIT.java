package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.EmbeddedDefault;
import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A stock redis-server whose {@code replicaof} names the proxy's stable address: the proxy hands
 * its connection to the master, so it synchronizes as from any master; after a failover the
 * proxy drops it, it reconnects to the same address, reaches the new master and, the new master
 * keeping the old replication ID as its secondary one, resynchronizes partially.
 */
class ReplicaThroughProxyIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  @Test
  void shouldFollowTheGroupThroughTheProxyAcrossASwitchover() throws Exception {
    try (EmbeddedDefault belay = EmbeddedDefault.start(tmp);
        Jedis client = Redis.connect(belay.proxyPort())) {
      // the master takes writes once a replica acked it (min-replicas-to-write), just after start
      eventually(WAIT, () -> assertEquals("OK", client.set("before", "the switchover")));
      try (NodeProcess redis = NodeProcess.redisServer(tmp.resolve("redis"), NodeProcess.freePort(), "--save", "",
          "--replicaof", "127.0.0.1", Integer.toString(belay.proxyPort()))) {
        eventually(WAIT, () -> assertEquals("the switchover", Redis.get(redis.port(), "before")));
        assertEquals("up", Redis.info(redis.port(), "replication").get("master_link_status"));

        String before = master(belay);
        var r = belay.send("POST", "/api/groups/mymaster/failover", "");
        assertEquals(200, r.statusCode(), r.body());
        String after = master(belay);
        assertNotEquals(before, after);
        // as after any promotion, the new master takes writes once a replica acked it
        eventually(WAIT, () -> assertEquals("OK", client.set("after", "the switchover")));
        eventually(WAIT, () -> assertEquals("the switchover", Redis.get(redis.port(), "after")));
        eventually(WAIT, () -> assertTrue(log(redis).contains("Master accepted a Partial Resynchronization"),
            "redis-server resynchronized partially with the new master:\n" + log(redis)));
        assertEquals(1, log(redis).split("Full resync from master", -1).length - 1,
            "one full sync, the first one:\n" + log(redis));
        assertEquals(String.valueOf(belay.proxyPort()), Redis.info(redis.port(), "replication").get("master_port"),
            "it still names the proxy as its master");
      }
    }
  }

  private static String log(NodeProcess redis) throws java.io.IOException {
    return java.nio.file.Files.readString(redis.dir().resolve("process.log"));
  }

  private static String master(EmbeddedDefault belay) throws Exception {
    Matcher m = Pattern.compile("\"master\":\"([^\"]+)\"").matcher(belay.get("/api/topology").body());
    assertTrue(m.find());
    return m.group(1);
  }
}
