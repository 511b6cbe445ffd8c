package io.belay.routing.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.belay.routing.BackendView;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LagOrderTest {

  private static BackendView view(String id, OptionalLong bytes, OptionalLong millis) {
    return new BackendView(new BackendRef(id, "127.0.0.1", 7000), BackendRole.REPLICA, true,
        true, OptionalLong.empty(), bytes, millis);
  }

  private static List<String> sorted(BackendView... views) {
    List<BackendView> list = new ArrayList<>(List.of(views));
    list.sort(LagOrder.INSTANCE);
    return list.stream().map(v -> v.backend().id()).toList();
  }

  @Test
  void shouldOrderByBytesFirst() {
    assertEquals(List.of("a", "b"), sorted(
        view("b", OptionalLong.of(20), OptionalLong.of(0)),
        view("a", OptionalLong.of(10), OptionalLong.of(900))));
  }

  @Test
  void shouldBreakByteTiesOnMillis() {
    assertEquals(List.of("a", "b"), sorted(
        view("b", OptionalLong.of(10), OptionalLong.of(50)),
        view("a", OptionalLong.of(10), OptionalLong.of(5))));
  }

  @Test
  void shouldSortUnknownLagLast() {
    assertEquals(List.of("a", "b", "c"), sorted(
        view("c", OptionalLong.empty(), OptionalLong.empty()),
        view("b", OptionalLong.empty(), OptionalLong.of(1)),
        view("a", OptionalLong.of(1_000_000), OptionalLong.empty())));
  }

  @Test
  void shouldReportTiesAsEqual() {
    BackendView a = view("a", OptionalLong.of(3), OptionalLong.of(1));
    BackendView b = view("b", OptionalLong.of(3), OptionalLong.of(1));
    assertEquals(0, LagOrder.INSTANCE.compare(a, b));
    assertEquals(0, LagOrder.INSTANCE.compare(
        view("x", OptionalLong.empty(), OptionalLong.empty()),
        view("y", OptionalLong.empty(), OptionalLong.empty())));
  }
}
