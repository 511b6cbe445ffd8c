package io.belay.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void shouldParseDurationsWithAUnit() {
    assertEquals(Duration.ofMillis(200), Values.parseDuration("200ms"));
    assertEquals(Duration.ofSeconds(1), Values.parseDuration("1s"));
    assertEquals(Duration.ofMinutes(2), Values.parseDuration("2m"));
    assertEquals(Duration.ofHours(1), Values.parseDuration("1H"));
    assertEquals(Duration.ZERO, Values.parseDuration("0ms"));
  }

  @Test
  void shouldRefuseDurationsWithoutAUnitOrWithAFraction() {
    for (String bad : new String[] {"200", "1.5s", "-1s", "ms", "", "1 s", "1d", "99999999999999ms"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Values.parseDuration(bad), bad);
      assertTrue(e.getMessage().startsWith("'" + bad + "' is not a duration"), e.getMessage());
    }
  }

  @Test
  void shouldWriteDurationsBackInTheirLargestExactUnit() {
    assertEquals("200ms", Values.formatDuration(Duration.ofMillis(200)));
    assertEquals("2s", Values.formatDuration(Duration.ofMillis(2000)));
    assertEquals("90s", Values.formatDuration(Duration.ofSeconds(90)));
    assertEquals("2m", Values.formatDuration(Duration.ofMinutes(2)));
    assertEquals("0ms", Values.formatDuration(Duration.ZERO));
  }

  @Test
  void shouldParseSizesWithRedisUnits() {
    assertEquals(100, ByteSize.parse("100").bytes());
    assertEquals(1000, ByteSize.parse("1k").bytes());
    assertEquals(1024, ByteSize.parse("1kb").bytes());
    assertEquals(100L * 1024 * 1024, ByteSize.parse("100mb").bytes());
    assertEquals(100L * 1024 * 1024, ByteSize.parse("100MB").bytes());
    assertEquals(2_000_000_000L, ByteSize.parse("2g").bytes());
    assertEquals(1L << 30, ByteSize.parse("1gb").bytes());
    for (String bad : new String[] {"100xb", "1.5gb", "-1", "mb", "", "99999999999gb"}) {
      assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(bad), bad);
    }
  }

  @Test
  void shouldParseHostPortIncludingBracketedIpv6() {
    assertEquals(new HostPort("127.0.0.1", 6379), HostPort.parse("127.0.0.1:6379"));
    assertEquals(new HostPort("redis.internal", 6380), HostPort.parse("redis.internal:6380"));
    assertEquals(new HostPort("::1", 6379), HostPort.parse("[::1]:6379"));
    assertEquals("[::1]:6379", HostPort.parse("[::1]:6379").toString());
    assertEquals("127.0.0.1:6379", new HostPort("127.0.0.1", 6379).toString());
  }

  @Test
  void shouldRefuseAddressesThatAreNotHostPort() {
    for (String bad : new String[] {"127.0.0.1", ":6379", "host:", "::1:6379", "host:port", "host:0", "[]:1", "[::1:6379", "my host:1"}) {
      assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
    }
  }

  @Test
  void shouldParseDurabilityAsAsyncOrReplicaAcks() {
    assertEquals(Durability.ASYNC, Durability.parse("async"));
    assertTrue(Durability.parse("async").isAsync());
    assertEquals(2, Durability.parse("replica-ack:2").replicaAcks());
    assertEquals("replica-ack:2", Durability.parse("replica-ack:2").toString());
    for (String bad : new String[] {"sync", "replica-ack:0", "replica-ack:", "replica-ack:x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durability.parse(bad));
      assertEquals("'" + bad + "' is not one of async, replica-ack:N (N >= 1)", e.getMessage());
    }
  }

  @Test
  void shouldParseSaveSchedulesAsRedisDoes() {
    assertEquals(List.of(new SavePoint(3600, 1), new SavePoint(300, 100)),
        SaveSchedule.parse("3600 1 300 100").points());
    assertTrue(SaveSchedule.parse("").isDisabled());
    assertEquals("3600 1 300 100 60 10000", SaveSchedule.REDIS_DEFAULT.toString());
    for (String bad : new String[] {"3600", "3600 x", "0 1", "3600 1 300"}) {
      assertThrows(IllegalArgumentException.class, () -> SaveSchedule.parse(bad), bad);
    }
  }

  @Test
  void shouldSpellEnumsInKebabCaseAndReadThemInAnyCase() {
    assertEquals("prefer-replica", ReadPolicy.PREFER_REPLICA.configName());
    assertEquals(ReadPolicy.LEAST_LAG, ReadPolicy.parse("Least-Lag"));
    assertEquals(Consistency.READ_YOUR_WRITES, Consistency.parse("read-your-writes"));
    assertEquals("allkeys-lru", MaxMemoryPolicy.ALLKEYS_LRU.configName());
    assertEquals(AppendFsync.EVERYSEC, AppendFsync.parse("everysec"));
  }

  @Test
  void shouldParseYesNoAndPorts() {
    assertTrue(Values.parseYesNo("yes"));
    assertFalse(Values.parseYesNo("NO"));
    assertEquals(6379, Ports.parse("6379"));
    assertThrows(IllegalArgumentException.class, () -> Ports.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> Ports.parse("65536"));
  }

  @Test
  void shouldNeverShowSecrets() {
    assertFalse(new Secret("hunter2").toString().contains("hunter2"));
    assertFalse(BackendSettings.DEFAULTS.with(new BackendOverrides(null, null, null, null, null, null, null,
        null, null, null, null, new Secret("hunter2"), null, null, null, null, null, null)).toString().contains("hunter2"));
  }
}
