package io.belay.election.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.RespValue;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyParserTest {

  private static final BackendRef B = new BackendRef("b", "127.0.0.1", 6380);

  private static RespValue bulk(String s) {
    return new RespValue.BulkString(s.getBytes(StandardCharsets.UTF_8));
  }

  // as redis-server 7.0 prints them
  private static final String MASTER_INFO = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
      + "slave0:ip=127.0.0.1,port=6381,state=online,offset=1234,lag=0\r\n"
      + "slave1:ip=127.0.0.1,port=6382,state=online,offset=1200,lag=1\r\n"
      + "master_failover_state:no-failover\r\nmaster_replid:abc\r\nmaster_replid2:000\r\n"
      + "master_repl_offset:1234\r\nsecond_repl_offset:-1\r\n";
  private static final String REPLICA_INFO = "# Replication\r\nrole:slave\r\n"
      + "master_host:127.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:down\r\n"
      + "master_last_io_seconds_ago:-1\r\nmaster_sync_in_progress:0\r\n"
      + "slave_read_repl_offset:1200\r\nslave_repl_offset:1200\r\n"
      + "master_link_down_since_seconds:7\r\nslave_priority:25\r\nslave_read_only:1\r\n"
      + "replica_announced:1\r\nconnected_slaves:0\r\nmaster_repl_offset:1200\r\n"
      + "belay_epoch:4\r\n";

  @Test
  void shouldReadAMasterAndTheReplicasItLists() {
    RespValue role = new RespValue.Array(List.of(bulk("master"), new RespValue.Integer(1234),
        new RespValue.Array(List.of())));
    ProbeResult r = ReplyParser.result(B, false, role, MASTER_INFO, "run1", 99);
    assertTrue(r.reachable());
    assertEquals(BackendRole.MASTER, r.role());
    assertEquals(1234, r.masterReplOffset());
    assertEquals(1234, r.offset().getAsLong());
    assertTrue(r.linkUp());
    assertFalse(r.belay(), "stock redis-server has no belay_epoch");
    assertEquals(2, r.replicas().size());
    ProbeResult.ListedReplica second = r.listed(new BackendRef("c", "127.0.0.1", 6382));
    assertEquals(1200, second.offset());
    assertEquals(1, second.lagSeconds());
    assertEquals("run1", r.runId());
  }

  @Test
  void shouldReadAReplicaWithItsLinkPriorityAndFence() {
    RespValue role = new RespValue.Array(List.of(bulk("slave"), bulk("127.0.0.1"),
        new RespValue.Integer(6379), bulk("connect"), new RespValue.Integer(1200)));
    ProbeResult r = ReplyParser.result(B, false, role, REPLICA_INFO, null, 99);
    assertEquals(BackendRole.REPLICA, r.role());
    assertEquals(1200, r.offset().getAsLong());
    assertFalse(r.linkUp());
    assertEquals(7, r.linkDownSeconds());
    assertEquals(25, r.priority());
    assertEquals(4, r.epoch());
    assertTrue(r.belay());
    assertTrue(r.replicates(new BackendRef("a", "127.0.0.1", 6379)));
    assertFalse(r.replicates(new BackendRef("a", "127.0.0.1", 6380)));
    assertNull(r.runId());
  }

  @Test
  void shouldFallBackToInfoWhenRoleIsAnError() {
    ProbeResult r = ReplyParser.result(B, true, new RespValue.Error("LOADING busy"),
        REPLICA_INFO, null, 1);
    assertEquals(BackendRole.REPLICA, r.role());
    assertTrue(r.loading());
  }

  @Test
  void shouldIgnoreHeadersBlanksAndOddLines() {
    assertEquals(java.util.Map.of("a", "1", "b", "x:y"),
        ReplyParser.infoFields("# Section\r\n\r\na:1\r\nb:x:y\r\nnonsense\r\n"));
  }
}
