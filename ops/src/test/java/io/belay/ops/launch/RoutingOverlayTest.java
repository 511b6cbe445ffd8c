package io.belay.ops.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.ops.config.Consistency;
import io.belay.ops.config.Durability;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.ReadPolicy;
import io.belay.ops.http.RoutingChange;
import io.belay.routing.MaxReplicaLag;
import io.belay.routing.RoutingSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingOverlayTest {

  /** The embedded default's group: prefer-replica, 1s, read-your-writes, async. */
  private static final GroupConfig GROUP = NodeMode.embedded(
      new EmbeddedSettings(16379, List.of(16380, 16381, 16382), 18379, java.nio.file.Path.of("/tmp")))
      .groups().get(0);

  @Test
  void shouldShareAChangeInTheConfigurationFilesSpelling() {
    RoutingChange change = new RoutingChange(Optional.of(ReadPolicy.LEAST_LAG), Optional.of(Duration.ofMillis(200)),
        Optional.of(Consistency.EVENTUAL), Optional.of(Durability.replicaAck(1)));
    assertEquals(Map.of("read-policy", "least-lag", "max-replica-lag", "200ms", "consistency", "eventual",
        "durability", "replica-ack:1"), RoutingOverlay.shared(change));
    assertEquals(Map.of("read-policy", "master"), RoutingOverlay.shared(new RoutingChange(
        Optional.of(ReadPolicy.MASTER), Optional.empty(), Optional.empty(), Optional.empty())));
  }

  @Test
  void shouldLaySharedValuesOverTheConfiguredOnes() {
    RoutingSettings configured = Translate.routing(GROUP);
    assertEquals(configured, RoutingOverlay.apply(GROUP, Map.of()), "no change: the file's values");
    RoutingSettings changed = RoutingOverlay.apply(GROUP, Map.of("read-policy", "replica", "max-replica-lag", "2s"));
    assertEquals(io.belay.routing.ReadPolicy.fromConfigName("replica"), changed.readPolicy());
    assertEquals(MaxReplicaLag.ofTime(Duration.ofSeconds(2)), changed.maxReplicaLag());
    assertEquals(configured.consistency(), changed.consistency(), "what was not changed stays configured");
    assertEquals(configured.durability(), changed.durability());
    assertEquals(configured.readYourWritesWindow(), changed.readYourWritesWindow());
  }

  @Test
  void shouldRoundTripEveryChangeTheApiAccepts() {
    for (ReadPolicy p : ReadPolicy.values()) {
      for (Consistency c : Consistency.values()) {
        RoutingChange change = new RoutingChange(Optional.of(p), Optional.of(Duration.ofMillis(1500)),
            Optional.of(c), Optional.of(Durability.replicaAck(2)));
        RoutingSettings s = RoutingOverlay.apply(GROUP, RoutingOverlay.shared(change));
        assertEquals(p.configName(), s.readPolicy().configName());
        assertEquals(c.configName(), s.consistency().configName());
        assertEquals(MaxReplicaLag.ofTime(Duration.ofMillis(1500)), s.maxReplicaLag());
        assertEquals(Translate.durability(Durability.replicaAck(2)), s.durability());
      }
    }
  }

  @Test
  void shouldSkipWhatThisNodeDoesNotUnderstandAndApplyTheRest() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("read-policy", "fastest");
    values.put("future-setting", "on");
    values.put("consistency", "eventual");
    RoutingSettings s = RoutingOverlay.apply(GROUP, values);
    assertEquals(Translate.routing(GROUP).readPolicy(), s.readPolicy());
    assertEquals("eventual", s.consistency().configName());
  }
}
