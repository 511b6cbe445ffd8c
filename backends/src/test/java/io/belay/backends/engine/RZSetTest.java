package io.belay.backends.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RZSetTest {

  /** The obviously-correct model: a sorted list of (score, member). */
  private record Entry(double score, byte[] member) {
  }

  private static int order(Entry a, Entry b) {
    int c = Double.compare(a.score, b.score);
    return c != 0 ? c : Arrays.compareUnsigned(a.member, b.member);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldOrderByScoreThenMemberBytes() {
    RZSet z = new RZSet();
    assertTrue(z.put(b("b"), 1));
    assertTrue(z.put(b("a"), 1));
    assertTrue(z.put(new byte[] {(byte) 0xff}, 1));
    assertTrue(z.put(b("z"), -1));
    assertFalse(z.put(b("a"), 1));
    List<String> members = new ArrayList<>();
    for (RZSet.Node n = z.first(); n != null; n = n.next()) {
      members.add(n.member()[0] == (byte) 0xff ? "ff" : new String(n.member(), StandardCharsets.UTF_8));
    }
    assertEquals(List.of("z", "a", "b", "ff"), members);
    assertEquals(3, z.rank(new byte[] {(byte) 0xff}));
    assertEquals(-1, z.rank(b("missing")));
    z.checkInvariants();
  }

  @Test
  void shouldAgreeWithASortedModelUnderRandomOperations() {
    Random random = new Random(42);
    RZSet z = new RZSet();
    Map<String, Double> scores = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      String member = "m" + random.nextInt(600);
      int op = random.nextInt(10);
      if (op < 6) {
        double score = random.nextInt(50) + (random.nextBoolean() ? 0.5 : 0);
        assertEquals(!scores.containsKey(member), z.put(b(member), score));
        scores.put(member, score);
      } else {
        assertEquals(scores.remove(member) != null, z.remove(b(member)));
      }
      if (step % 1000 == 0) {
        z.checkInvariants();
        assertMatches(scores, z);
      }
    }
    z.checkInvariants();
    assertMatches(scores, z);
  }

  private static void assertMatches(Map<String, Double> scores, RZSet z) {
    List<Entry> model = new ArrayList<>();
    scores.forEach((m, s) -> model.add(new Entry(s, b(m))));
    model.sort(RZSetTest::order);
    assertEquals(model.size(), z.size());
    for (int i = 0; i < model.size(); i++) {
      RZSet.Node n = z.byRank(i);
      assertArrayEquals(model.get(i).member(), n.member());
      assertEquals(model.get(i).score(), n.score());
      assertEquals(i, z.rank(n.member()));
      assertEquals(model.get(i).score(), z.score(n.member()));
    }
    assertNull(z.byRank(model.size()));
    assertNull(z.byRank(-1));
    RZSet.Node back = z.last();
    for (int i = model.size() - 1; i >= 0; i--) {
      assertArrayEquals(model.get(i).member(), back.member());
      back = back.prev();
    }
    assertNull(back);
  }

  @Test
  void shouldFindScoreRangesWithExclusiveBounds() {
    RZSet z = new RZSet();
    for (int i = 0; i < 300; i++) {
      z.put(b("m" + i), i / 3);
    }
    RZSet.ScoreRange r = new RZSet.ScoreRange(10, true, 20, false);
    assertEquals(11.0, z.firstIn(r).score());
    assertEquals(20.0, z.lastIn(r).score());
    assertEquals(30, z.count(r));
    assertEquals(0, z.count(new RZSet.ScoreRange(5, true, 5, false)));
    assertEquals(0, z.count(new RZSet.ScoreRange(50, false, 40, false)));
    assertEquals(300, z.count(new RZSet.ScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false)));
    assertNull(z.firstIn(new RZSet.ScoreRange(1000, false, 2000, false)));
    assertNull(z.lastIn(new RZSet.ScoreRange(-5, false, -1, false)));
    assertEquals(30, z.removeRange(r));
    assertEquals(270, z.size());
    assertEquals(0, z.count(r));
    z.checkInvariants();
  }

  @Test
  void shouldFindLexRangesBetweenMinusAndPlus() {
    RZSet z = new RZSet();
    for (String m : List.of("a", "b", "c", "d", "e")) {
      z.put(b(m), 0);
    }
    assertEquals(5, z.count(new RZSet.LexRange(RZSet.LexRange.MIN, true, RZSet.LexRange.MAX, true)));
    assertEquals(2, z.count(new RZSet.LexRange(b("b"), true, b("d"), false)));
    assertEquals(0, z.count(new RZSet.LexRange(RZSet.LexRange.MIN, true, RZSet.LexRange.MIN, true)));
    assertEquals(0, z.count(new RZSet.LexRange(b("c"), false, b("c"), true)));
    assertArrayEquals(b("c"), z.firstIn(new RZSet.LexRange(b("b"), true, RZSet.LexRange.MAX, true)).member());
    assertArrayEquals(b("b"), z.lastIn(new RZSet.LexRange(RZSet.LexRange.MIN, true, b("c"), true)).member());
    assertEquals(4, z.removeRange(new RZSet.LexRange(b("a"), true, RZSet.LexRange.MAX, true)));
    assertEquals(1, z.size());
    z.checkInvariants();
  }

  @Test
  void shouldRemoveRankRangesAndKeepSpans() {
    RZSet z = new RZSet();
    for (int i = 0; i < 1000; i++) {
      z.put(b(String.format("%04d", i)), 0);
    }
    assertEquals(100, z.removeRange(100, 199));
    z.checkInvariants();
    assertArrayEquals(b("0200"), z.byRank(100).member());
    assertEquals(100, z.rank(b("0200")));
    assertEquals(900, z.size());
  }

  @Test
  void shouldMoveAnUpdatedMemberAndKeepRanks() {
    RZSet z = new RZSet();
    for (int i = 0; i < 200; i++) {
      z.put(b("m" + i), i);
    }
    z.put(b("m0"), 1000);
    z.put(b("m150"), 150.5);
    z.put(b("m199"), -1);
    z.checkInvariants();
    assertEquals(199, z.rank(b("m0")));
    assertEquals(0, z.rank(b("m199")));
    assertEquals(150, z.rank(b("m150")));
    assertEquals(1000.0, z.score(b("m0")));
  }

  @Test
  void shouldReportListpackUntilItGrowsAndNeverGoBack() {
    RZSet z = new RZSet();
    z.put(b("a"), -0.0);
    assertEquals(0, Double.compare(0.0, z.score(b("a"))), "a listpack cannot keep -0");
    assertEquals("listpack", z.encoding());
    for (int i = 0; i < 128; i++) {
      z.put(b("m" + i), i);
    }
    assertEquals("skiplist", z.encoding());
    for (int i = 0; i < 128; i++) {
      z.remove(b("m" + i));
    }
    assertEquals("skiplist", z.encoding());
    RZSet big = new RZSet();
    big.put(new byte[65], 1);
    assertEquals("skiplist", big.encoding());
    big.put(b("neg"), -0.0);
    assertEquals(0, Double.compare(-0.0, big.score(b("neg"))));
  }

  @Test
  void shouldCountMemoryUpAndBackDown() {
    RZSet z = new RZSet();
    long empty = z.memoryUsage();
    for (int i = 0; i < 500; i++) {
      z.put(b("member-" + i), i);
    }
    assertTrue(z.memoryUsage() > empty + 500 * 8);
    for (int i = 0; i < 500; i++) {
      z.put(b("member-" + i), 1000 - i);
    }
    for (int i = 0; i < 500; i++) {
      z.remove(b("member-" + i));
    }
    assertEquals(empty, z.memoryUsage());
  }

  @Test
  void shouldCopyIndependently() {
    RZSet z = new RZSet();
    z.put(b("a"), 1);
    RZSet copy = z.copy();
    copy.put(b("b"), 2);
    copy.remove(b("a"));
    assertEquals(1, z.size());
    assertEquals(1.0, z.score(b("a")));
    assertEquals(1, copy.size());
    TreeSet<String> seen = new TreeSet<>();
    long cursor = 0;
    do {
      cursor = z.scan(cursor, (m, s) -> seen.add(new String(m, StandardCharsets.UTF_8) + "=" + s));
    } while (cursor != 0);
    assertEquals(java.util.Set.of("a=1.0"), seen);
  }
}
