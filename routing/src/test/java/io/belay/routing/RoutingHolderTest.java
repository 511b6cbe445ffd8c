package io.belay.routing;

import static io.belay.routing.Fixtures.GROUP;
import static io.belay.routing.Fixtures.M;
import static io.belay.routing.Fixtures.R1;
import static io.belay.routing.Fixtures.R2;
import static io.belay.routing.Fixtures.healthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoutingHolderTest {

  private static RoutingTable masterAt(BackendRef master, BackendRef replica, long epoch) {
    return RoutingTable.of(GROUP, epoch, master, List.of(replica), List.of(healthy(replica)));
  }

  @Test
  void shouldHoldNothingBeforeTheFirstTable() {
    RoutingHolder holder = new RoutingHolder(GROUP);
    assertEquals(Optional.empty(), holder.current());
    assertEquals(-1, holder.epoch());
  }

  @Test
  void shouldAcceptTheFirstTable() {
    RoutingHolder holder = new RoutingHolder(GROUP);
    RoutingTable table = masterAt(M, R1, 0);
    assertTrue(holder.offer(table));
    assertSame(table, holder.current().orElseThrow());
  }

  @Test
  void shouldAcceptHigherEpoch() {
    RoutingHolder holder = new RoutingHolder(masterAt(M, R1, 4));
    RoutingTable promoted = masterAt(R1, M, 5);
    assertTrue(holder.offer(promoted));
    assertSame(promoted, holder.current().orElseThrow());
    assertEquals(5, holder.epoch());
  }

  @Test
  void shouldDropLowerEpoch() {
    RoutingTable held = masterAt(R1, M, 7);
    RoutingHolder holder = new RoutingHolder(held);
    assertFalse(holder.offer(masterAt(M, R1, 6)));
    assertSame(held, holder.current().orElseThrow());
  }

  @Test
  void shouldAcceptEqualEpochWithSameTopologyAndFresherObservations() {
    RoutingHolder holder = new RoutingHolder(masterAt(M, R1, 3));
    RoutingTable refreshed = RoutingTable.of(GROUP, 3, M, List.of(R1),
        List.of(healthy(R1).withLinkUp(false)));
    assertTrue(holder.offer(refreshed));
    assertSame(refreshed, holder.current().orElseThrow());
  }

  @Test
  void shouldReportEqualTableAsHeld() {
    RoutingTable held = masterAt(M, R1, 3);
    RoutingHolder holder = new RoutingHolder(held);
    assertTrue(holder.offer(masterAt(M, R1, 3)));
    assertSame(held, holder.current().orElseThrow());
  }

  @Test
  void shouldRejectEqualEpochWithAnotherMaster() {
    RoutingTable held = masterAt(M, R1, 3);
    RoutingHolder holder = new RoutingHolder(held);
    assertFalse(holder.offer(masterAt(R1, M, 3)));
    assertSame(held, holder.current().orElseThrow());
  }

  @Test
  void shouldRejectTableOfAnotherGroup() {
    RoutingHolder holder = new RoutingHolder(GROUP);
    RoutingTable other = RoutingTable.of("other", 9, M, List.of(), List.of());
    assertThrows(IllegalArgumentException.class, () -> holder.offer(other));
  }

  @Test
  void shouldKeepTheHighestEpochUnderConcurrentOffers() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    RoutingHolder holder = new RoutingHolder(GROUP);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          long lastSeen = -1;
          for (int i = 0; i < perThread; i++) {
            // Interleave epochs so every thread offers both stale and fresh tables.
            long epoch = (long) i * threads + thread;
            BackendRef master = epoch % 2 == 0 ? M : R1;
            BackendRef replica = master == M ? R1 : M;
            holder.offer(RoutingTable.of(GROUP, epoch, master, List.of(replica, R2), List.of()));
            long now = holder.epoch();
            if (now < lastSeen) {
              throw new AssertionError("epoch went back from " + lastSeen + " to " + now);
            }
            lastSeen = now;
          }
          return lastSeen;
        }));
      }
      start.countDown();
      for (Future<Long> result : results) {
        result.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long highest = (long) (perThread - 1) * threads + (threads - 1);
    assertEquals(highest, holder.epoch());
    assertEquals(highest % 2 == 0 ? M : R1, holder.current().orElseThrow().master());
  }
}
