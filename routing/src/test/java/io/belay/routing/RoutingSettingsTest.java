package io.belay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

  private final ReadYourWrites session = new ReadYourWrites(Duration.ofSeconds(1),
      new AtomicLong()::get);

  @Test
  void shouldDefaultToReadingFromTheMaster() {
    RoutingSettings defaults = RoutingSettings.DEFAULTS;
    assertSame(ReadPolicy.MASTER, defaults.readPolicy());
    assertEquals(MaxReplicaLag.NONE, defaults.maxReplicaLag());
    assertEquals(Consistency.EVENTUAL, defaults.consistency());
    assertEquals(Durability.ASYNC, defaults.durability());
  }

  @Test
  void shouldReplaceOneSettingAtATime() {
    RoutingSettings changed = RoutingSettings.DEFAULTS
        .withReadPolicy(ReadPolicy.LEAST_LAG)
        .withMaxReplicaLag(MaxReplicaLag.ofBytes(1024))
        .withNoReplicaBehaviour(NoReplicaBehaviour.FAIL)
        .withConsistency(Consistency.READ_YOUR_WRITES)
        .withReadYourWritesWindow(Duration.ofMillis(250))
        .withDurability(new Durability.ReplicaAck(1));
    assertEquals(new RoutingSettings(ReadPolicy.LEAST_LAG, MaxReplicaLag.ofBytes(1024),
        NoReplicaBehaviour.FAIL, Consistency.READ_YOUR_WRITES, Duration.ofMillis(250),
        new Durability.ReplicaAck(1)), changed);
    assertNotEquals(RoutingSettings.DEFAULTS, changed);
  }

  @Test
  void shouldIgnoreTheSessionUnderEventualConsistency() {
    ReadContext context = RoutingSettings.DEFAULTS.readContext(session, Spread.roundRobin());
    assertSame(Freshness.ANY, context.freshness());
  }

  @Test
  void shouldConsultTheSessionUnderReadYourWrites() {
    ReadContext context = RoutingSettings.DEFAULTS.withConsistency(Consistency.READ_YOUR_WRITES)
        .withMaxReplicaLag(MaxReplicaLag.ofBytes(7))
        .readContext(session, Spread.roundRobin());
    assertSame(session, context.freshness());
    assertEquals(MaxReplicaLag.ofBytes(7), context.maxReplicaLag());
  }

  @Test
  void shouldParseDurability() {
    assertSame(Durability.ASYNC, Durability.fromConfigName("async"));
    assertEquals(new Durability.ReplicaAck(2), Durability.fromConfigName("replica-ack:2"));
    assertEquals("replica-ack:2", new Durability.ReplicaAck(2).configName());
    assertThrows(IllegalArgumentException.class, () -> Durability.fromConfigName("replica-ack:0"));
    assertThrows(IllegalArgumentException.class, () -> Durability.fromConfigName("replica-ack:x"));
    assertThrows(IllegalArgumentException.class, () -> Durability.fromConfigName("sync"));
  }

  @Test
  void shouldParseConsistencyAndNoReplicaBehaviour() {
    assertEquals(Consistency.READ_YOUR_WRITES, Consistency.fromConfigName("read-your-writes"));
    assertEquals(Consistency.EVENTUAL, Consistency.fromConfigName("eventual"));
    assertEquals(NoReplicaBehaviour.FAIL, NoReplicaBehaviour.fromConfigName("fail"));
    assertEquals(NoReplicaBehaviour.FALLBACK_TO_MASTER,
        NoReplicaBehaviour.fromConfigName("fallback-to-master"));
    assertThrows(IllegalArgumentException.class, () -> Consistency.fromConfigName("strong"));
    assertThrows(IllegalArgumentException.class, () -> NoReplicaBehaviour.fromConfigName("wait"));
  }

  @Test
  void shouldRejectNegativeWindow() {
    assertThrows(IllegalArgumentException.class,
        () -> RoutingSettings.DEFAULTS.withReadYourWritesWindow(Duration.ofMillis(-1)));
  }
}
