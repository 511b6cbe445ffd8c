package io.belay.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.belay.election.cluster.HazelcastSetup;
import io.belay.routing.BackendRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionConfigTest {

  private static final GroupSpec GROUP = GroupSpec.of("g", List.of(
      new BackendRef("a", "127.0.0.1", 7001), new BackendRef("b", "127.0.0.1", 7002)), 2);

  @Test
  void shouldComputeTheMajorityOfTheConfiguredMembers() {
    ElectionConfig three = new ElectionConfig("c", List.of("127.0.0.1:5701", "127.0.0.1:5702",
        "127.0.0.1:5703"), "a", 5701, List.of(GROUP));
    assertEquals(3, three.clusterSize());
    assertEquals(2, three.majority());
    ElectionConfig single = ElectionConfig.singleMember("solo", 5701, List.of(GROUP));
    assertEquals(1, single.majority());
    assertTrue(single.singleMemberMode());
  }

  @Test
  void shouldConfigureHazelcastForFastDetectionAndNoDiscoveryBeyondTheList() {
    ElectionConfig three = new ElectionConfig("belay-test", List.of("127.0.0.1:5701",
        "127.0.0.1:5702", "127.0.0.1:5703"), "a", 5702, List.of(GROUP));
    Config c = HazelcastSetup.build(three);
    assertEquals("belay-test", c.getClusterName());
    assertEquals(5702, c.getNetworkConfig().getPort());
    assertFalse(c.getNetworkConfig().isPortAutoIncrement());
    assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals(3, c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size());
    assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("2", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals(2, c.getSplitBrainProtectionConfig("belay-majority").getMinimumClusterSize());
    assertEquals("belay-majority",
        c.getMapConfig(HazelcastSetup.GROUPS_MAP).getSplitBrainProtectionName());
    assertEquals(2, c.getMapConfig(HazelcastSetup.GROUPS_MAP).getBackupCount());
    assertEquals("127.0.0.1", HazelcastSetup.localHost(three));
  }

  @Test
  void shouldRefuseAPortNoConfiguredMemberUses() {
    ElectionConfig wrong = new ElectionConfig("c", List.of("127.0.0.1:5701", "127.0.0.1:5702"),
        "a", 5799, List.of(GROUP));
    assertThrows(IllegalArgumentException.class, () -> HazelcastSetup.localHost(wrong));
  }

  @Test
  void shouldRefuseDuplicatesAndNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new ElectionConfig("c",
        List.of("127.0.0.1:5701", "127.0.0.1:5701"), "a", 5701, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new ElectionConfig("c",
        List.of("nohost"), "a", 5701, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new ElectionConfig("c", List.of(), "a",
        5701, List.of(GROUP, GROUP)));
    assertThrows(IllegalArgumentException.class, () -> GROUP.withDownAfter(Duration.ZERO));
  }

  @Test
  void shouldGiveALeaseOfTwiceDownAfter() {
    assertEquals(Duration.ofMillis(400),
        GROUP.withDownAfter(Duration.ofMillis(200)).lease());
  }
}
