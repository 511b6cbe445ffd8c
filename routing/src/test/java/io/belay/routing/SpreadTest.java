package io.belay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void shouldTakeCandidatesInTurn() {
    Spread spread = Spread.roundRobin();
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      picks.add(spread.next(3));
    }
    assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), picks);
  }

  @Test
  void shouldKeepSeparateTurnsPerInstance() {
    Spread a = Spread.roundRobin();
    Spread b = Spread.roundRobin();
    a.next(2);
    assertEquals(0, b.next(2));
    assertEquals(1, a.next(2));
  }

  @Test
  void shouldPickRandomlyWithinBounds() {
    Spread spread = Spread.random(new SplittableRandom(3));
    for (int i = 0; i < 1_000; i++) {
      int pick = spread.next(4);
      assertTrue(pick >= 0 && pick < 4, "pick " + pick);
    }
  }
}
