package io.belay.election.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.belay.election.ElectionConfig;
import io.belay.election.cluster.HazelcastCalls;
import io.belay.election.cluster.HazelcastSetup;
import io.belay.election.support.Ports;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compare-and-set claims on a real three-member Hazelcast cluster: of several nodes claiming
 * the next epoch from the same state, exactly one wins, and a member cut off from the majority
 * cannot claim anything.
 */
class EpochClaimIT {

  private final Vertx vertx = Vertx.vertx();
  private final List<HazelcastInstance> members = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    members.forEach(m -> m.getLifecycleService().terminate());
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private List<HazelcastStateStore> startCluster() throws Exception {
    String name = "belay-claims-" + UUID.randomUUID();
    List<Integer> ports = List.of(Ports.free(), Ports.free(), Ports.free());
    List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ElectionConfig c = new ElectionConfig(name, addresses, "n" + i, ports.get(i), List.of());
      starting.add(CompletableFuture.supplyAsync(
          () -> Hazelcast.newHazelcastInstance(HazelcastSetup.build(c))));
    }
    List<HazelcastStateStore> stores = new ArrayList<>();
    for (CompletableFuture<HazelcastInstance> f : starting) {
      HazelcastInstance hz = f.get(60, TimeUnit.SECONDS);
      members.add(hz);
      stores.add(new HazelcastStateStore(hz.getMap(HazelcastSetup.GROUPS_MAP),
          new HazelcastCalls(vertx, hz.getName())));
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (members.get(0).getCluster().getMembers().size() < 3) {
      assertTrue(System.currentTimeMillis() < deadline, "cluster did not form");
      Thread.sleep(50);
    }
    return stores;
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldLetExactlyOneClaimOfAnEpochSucceed() throws Exception {
    List<HazelcastStateStore> stores = startCluster();
    GroupState start = GroupState.bootstrap("g", 1, "a", List.of("b", "c"));
    assertTrue(await(stores.get(0).compareAndSet(null, start)));
    assertEquals(false, await(stores.get(1).compareAndSet(null, start)), "already bootstrapped");

    for (int round = 0; round < 30; round++) {
      GroupState seen = await(stores.get(round % 3).get("g")).orElseThrow();
      AtomicInteger wins = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Void>> racers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HazelcastStateStore store = stores.get(i);
        Attempt mine = new Attempt("n" + i, "n" + i, FailoverKind.FAILOVER, "SELECT_REPLICA",
            null, "a", false, round);
        racers.add(CompletableFuture.runAsync(() -> {
          try {
            go.await();
            if (await(store.compareAndSet(seen, seen.claim(seen.epoch() + 1, mine)))) {
              wins.incrementAndGet();
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      go.countDown();
      CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertEquals(1, wins.get(), "round " + round);
      GroupState now = await(stores.get(0).get("g")).orElseThrow();
      assertEquals(seen.epoch() + 1, now.epoch());
      // the winner clears its attempt so that the next round starts from a settled state
      assertTrue(await(stores.get(0).compareAndSet(now, now.aborted())));
    }
    assertEquals(31, await(stores.get(2).get("g")).orElseThrow().epoch());
  }

  @Test
  void shouldRefuseEveryDecisionInAMinority() throws Exception {
    List<HazelcastStateStore> stores = startCluster();
    GroupState start = GroupState.bootstrap("g", 1, "a", List.of("b", "c"));
    assertTrue(await(stores.get(0).compareAndSet(null, start)));
    members.get(1).shutdown();
    members.get(2).shutdown();
    long deadline = System.currentTimeMillis() + 30_000;
    while (members.get(0).getCluster().getMembers().size() > 1) {
      assertTrue(System.currentTimeMillis() < deadline, "members did not leave");
      Thread.sleep(50);
    }
    Thread.sleep(500);
    Exception e = assertThrows(Exception.class, () -> await(stores.get(0)
        .compareAndSet(start, start.bumped(2))));
    assertTrue(String.valueOf(e.getCause()).contains("SplitBrainProtection"), e.toString());
  }
}
