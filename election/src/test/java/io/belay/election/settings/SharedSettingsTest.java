package io.belay.election.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedSettingsTest {

  @Test
  void shouldLayAChangeOverEarlierChangesInTheNextVersion() {
    SharedSettings first = SharedSettings.initial("g").with(Map.of("read-policy", "replica"), "n1");
    SharedSettings second = first.with(Map.of("consistency", "eventual"), "n2");
    assertEquals(1, first.version());
    assertEquals(2, second.version());
    assertEquals(Map.of("read-policy", "replica", "consistency", "eventual"), second.values());
    assertEquals("n2", second.changedBy());
    SharedSettings third = second.with(Map.of("read-policy", "least-lag"), "n3");
    assertEquals("least-lag", third.values().get("read-policy"), "a later value replaces an earlier one");
    assertEquals("eventual", third.values().get("consistency"), "and keeps what it does not name");
  }

  @Test
  void shouldEncodeCanonicallySoCompareAndSetMatchesExactly() {
    SharedSettings a = SharedSettings.initial("g").with(Map.of("b", "2", "a", "1", "c", "3"), "n1");
    SharedSettings b = SharedSettings.initial("g").with(Map.of("c", "3", "a", "1", "b", "2"), "n1");
    assertEquals(a.encode(), b.encode());
    assertEquals(a, SharedSettings.decode(a.encode()));
    assertEquals(a.encode(), SharedSettings.decode(a.encode()).encode());
    assertEquals(SharedSettings.initial("g"), SharedSettings.decode(SharedSettings.initial("g").encode()));
  }

  @Test
  void shouldRefuseEmptyChangesAndInconsistentVersions() {
    assertThrows(IllegalArgumentException.class, () -> SharedSettings.initial("g").with(Map.of(), "n1"));
    assertThrows(IllegalArgumentException.class,
        () -> new SharedSettings("g", 0, new java.util.TreeMap<>(Map.of("a", "b")), "n1"));
    assertThrows(IllegalArgumentException.class,
        () -> new SharedSettings("g", -1, new java.util.TreeMap<>(), ""));
    assertThrows(IllegalArgumentException.class,
        () -> SharedSettings.initial("g").newerThan(SharedSettings.initial("h")));
  }

  @Test
  void shouldNeverGoBackToAnOlderVersionWhateverTheOrderOfArrival() {
    List<SharedSettings> versions = new ArrayList<>();
    SharedSettings s = SharedSettings.initial("g");
    versions.add(s);
    for (int i = 0; i < 20; i++) {
      s = s.with(Map.of("read-policy", "p" + i), "n" + (i % 3));
      versions.add(s);
    }
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<SharedSettings> arrivals = new ArrayList<>(versions);
      // every version may also arrive twice: by the writer's own path and by an entry event
      arrivals.addAll(versions.subList(0, random.nextInt(versions.size())));
      Collections.shuffle(arrivals, random);
      LatestSettings latest = new LatestSettings();
      long applied = -1;
      for (SharedSettings arrival : arrivals) {
        if (latest.offer(arrival)) {
          assertTrue(arrival.version() > applied, "applied " + arrival.version() + " after " + applied);
          applied = arrival.version();
        }
      }
      assertEquals(s, latest.get("g").orElseThrow(), "ends on the newest");
    }
  }

  @Test
  void shouldKeepGroupsApart() {
    LatestSettings latest = new LatestSettings();
    SharedSettings g2 = SharedSettings.initial("g").with(Map.of("a", "1"), "n1").with(Map.of("a", "2"), "n1");
    assertTrue(latest.offer(g2));
    assertTrue(latest.offer(SharedSettings.initial("h").with(Map.of("a", "9"), "n1")));
    assertFalse(latest.offer(SharedSettings.initial("g").with(Map.of("a", "1"), "n1")));
    assertEquals("2", latest.get("g").orElseThrow().values().get("a"));
    assertEquals("9", latest.get("h").orElseThrow().values().get("a"));
  }
}
