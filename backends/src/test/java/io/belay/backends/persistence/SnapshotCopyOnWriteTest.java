package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RObject;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import io.belay.backends.persistence.impl.Contents;
import io.belay.backends.persistence.impl.MemorySink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A snapshot shows the keyspace exactly as it was when it started, whatever commands do
 * while it runs. The event loop is a queue run by hand, so writes land between any two
 * slices of the scan, deterministically.
 */
class SnapshotCopyOnWriteTest {

  private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
  private final long future = System.currentTimeMillis() + 3_600_000;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Keyspace populated(int keysPerDb, Random r) {
    Keyspace ks = new Keyspace(4);
    for (int db = 0; db < 4; db++) {
      for (int i = 0; i < keysPerDb; i++) {
        addRandom(ks.db(db), "k" + i, r);
      }
    }
    return ks;
  }

  private void addRandom(Database d, String key, Random r) {
    Object value;
    switch (r.nextInt(5)) {
      case 0 -> value = b("v" + r.nextInt(1000));
      case 1 -> {
        RList l = Contents.newList();
        for (int i = 0; i <= r.nextInt(5); i++) {
          Contents.append(l, b("e" + i));
        }
        value = l;
      }
      case 2 -> {
        RSet s = Contents.newSet();
        for (int i = 0; i <= r.nextInt(5); i++) {
          Contents.add(s, b("m" + i));
        }
        value = s;
      }
      case 3 -> {
        RZSet z = Contents.newZSet();
        for (int i = 0; i <= r.nextInt(5); i++) {
          Contents.put(z, b("z" + i), i * 1.5);
        }
        value = z;
      }
      default -> {
        RHash h = Contents.newHash();
        for (int i = 0; i <= r.nextInt(5); i++) {
          Contents.put(h, b("f" + i), b("x" + i));
        }
        value = h;
      }
    }
    d.put(b(key), value, false);
    if (r.nextInt(4) == 0) {
      d.setExpire(b(key), d.peek(b(key)), future + r.nextInt(1000));
    }
  }

  /** One command-like change through the keyspace's guarded operations. */
  private void mutate(Keyspace ks, Random r, int keysPerDb) {
    Database d = ks.db(r.nextInt(ks.databaseCount()));
    byte[] key = b("k" + r.nextInt(keysPerDb * 2));
    int op = r.nextInt(100);
    if (op < 20) {
      d.delete(key);
    } else if (op < 40) {
      addRandom(d, new String(key, StandardCharsets.UTF_8), r);
    } else if (op < 75) {
      RObject o = d.lookupWrite(key);
      if (o == null) {
        return;
      }
      Object v = o.value();
      if (v instanceof RList l) {
        l.addFirst(b("pushed"));
        l.set(l.size() - 1, b("changed"));
      } else if (v instanceof RSet s) {
        s.add(b("new-member"));
        s.remove(b("m0"));
        if (s.size() == 0) {
          d.delete(key);
        }
      } else if (v instanceof RZSet z) {
        z.put(b("z0"), -99);
        z.put(b("new"), 7);
      } else if (v instanceof RHash h) {
        h.put(b("f0"), b("overwritten"));
        h.remove(b("f1"));
      } else {
        o.setValue(b("rewritten"));
      }
    } else if (op < 85) {
      RObject o = d.lookupWrite(key);
      if (o != null) {
        if (r.nextBoolean()) {
          d.setExpire(key, o, future + 5000);
        } else {
          d.persist(key, o);
        }
      }
    } else if (op < 87) {
      d.clear();
    } else if (op < 89) {
      ks.swap(r.nextInt(ks.databaseCount()), r.nextInt(ks.databaseCount()));
    } else {
      // bursts of new keys grow the tables, bursts of deletions shrink them mid-scan
      boolean grow = r.nextBoolean();
      for (int i = 0; i < 200; i++) {
        byte[] k = b((grow ? "burst" : "k") + r.nextInt(keysPerDb * 2));
        if (grow) {
          d.put(k, b("burst"), false);
        } else {
          d.delete(k);
        }
      }
    }
  }

  private Map<String, String> runSnapshot(Keyspace ks, Consumer<Integer> betweenSlices, RdbSink sink,
      MemorySink bytes) throws Exception {
    Snapshotter snapshotter = new Snapshotter(ks, loop::add);
    Snapshot s = snapshotter.start(sink, Map.of("redis-ver", "7.0.15"), true);
    assertSame(ks.guard() != null ? ks.guard() : null, ks.guard());
    int slice = 0;
    while (!loop.isEmpty()) {
      loop.poll().run();
      if (!s.result().isComplete()) {
        betweenSlices.accept(slice++);
      }
    }
    assertTrue(s.result().succeeded(), String.valueOf(s.result().cause()));
    assertNull(ks.guard(), "the guard goes when the snapshot ends");
    Keyspace loaded = new Keyspace(ks.databaseCount());
    new RdbReader(loaded).load(new ByteArrayInputStream(bytes.bytes()));
    return KeyspaceDump.of(loaded);
  }

  @Test
  void shouldShowTheKeyspaceAsOfTheStartWhateverHappensMeanwhile() throws Exception {
    for (int seed = 0; seed < 20; seed++) {
      Random r = new Random(seed);
      int keys = 300 + r.nextInt(3000);
      Keyspace ks = populated(keys, r);
      Map<String, String> before = KeyspaceDump.of(ks);
      MemorySink sink = new MemorySink();
      int writesPerSlice = 1 + r.nextInt(300);
      Map<String, String> snapshot = runSnapshot(ks, slice -> {
        for (int i = 0; i < writesPerSlice; i++) {
          mutate(ks, r, keys);
        }
      }, sink, sink);
      assertEquals(before, snapshot, "seed " + seed);
    }
  }

  @Test
  void shouldWriteDeletedKeysWithTheirOldValueAndLeaveOutNewOnes() throws Exception {
    Keyspace ks = new Keyspace(2);
    for (int i = 0; i < 5000; i++) {
      ks.db(0).add(b("key" + i), b("old" + i));
    }
    RList list = Contents.newList();
    Contents.append(list, b("a"));
    ks.db(1).add(b("list"), list);
    Map<String, String> before = KeyspaceDump.of(ks);
    MemorySink sink = new MemorySink();
    Map<String, String> snapshot = runSnapshot(ks, slice -> {
      if (slice == 0) {
        for (int i = 0; i < 5000; i += 2) {
          ks.db(0).delete(b("key" + i));
        }
        ks.db(0).add(b("added-later"), b("x"));
        ((RList) ks.db(1).lookupWrite(b("list")).value()).addLast(b("b"));
        ks.db(1).add(b("also-later"), b("y"));
      }
    }, sink, sink);
    assertEquals(before, snapshot);
  }

  @Test
  void shouldKeepFlushedAndSwappedDatabasesAsTheyWere() throws Exception {
    Keyspace ks = new Keyspace(3);
    for (int i = 0; i < 2000; i++) {
      ks.db(0).add(b("a" + i), b("0"));
      ks.db(1).add(b("b" + i), b("1"));
    }
    Map<String, String> before = KeyspaceDump.of(ks);
    MemorySink sink = new MemorySink();
    Map<String, String> snapshot = runSnapshot(ks, slice -> {
      switch (slice) {
        case 0 -> ks.swap(0, 2);
        case 1 -> ks.db(2).put(b("a1"), b("changed after the swap"), false);
        case 2 -> ks.db(1).clear();
        case 3 -> ks.db(1).add(b("after-flush"), b("x"));
        case 4 -> ks.flushAll();
        default -> { }
      }
    }, sink, sink);
    assertEquals(before, snapshot);
  }

  @Test
  void shouldNotWriteAKeyTwiceWhenTheTableShrinksMidScan() throws Exception {
    // A shrink merges buckets: the merged bucket holds keys the scan had already passed,
    // which it must skip. Slices end every 32 buckets, so only a shrink by more than 32
    // times puts the cursor inside a merged group; each run leaves a key or so there.
    for (int seed = 0; seed < 16; seed++) {
      Keyspace ks = new Keyspace(1);
      for (int i = 0; i < 65_000; i++) {
        ks.db(0).add(b("key" + i), b("v"));
      }
      Map<String, String> before = KeyspaceDump.of(ks);
      int bucketsBefore = ks.db(0).keys().buckets();
      MemorySink sink = new MemorySink();
      Random r = new Random(seed);
      int shrinkAt = 1 + r.nextInt(6);
      Map<String, String> snapshot = runSnapshot(ks, slice -> {
        if (slice == shrinkAt) {
          for (int i = 0; i < 65_000; i++) {
            if (r.nextInt(1000) >= 14) {
              ks.db(0).delete(b("key" + i));
            }
          }
        }
      }, sink, sink);
      assertTrue(ks.db(0).keys().buckets() < bucketsBefore / 32, "the table shrank");
      assertEquals(before, snapshot, "seed " + seed);
    }
  }

  @Test
  void shouldPauseWhileTheSinkIsFullAndResumeOnDrain() throws Exception {
    Keyspace ks = new Keyspace(1);
    for (int i = 0; i < 20_000; i++) {
      ks.db(0).add(b("key" + i), b("value-" + i + "-".repeat(50)));
    }
    Map<String, String> before = KeyspaceDump.of(ks);
    MemorySink bytes = new MemorySink();
    int[] drains = new int[1];
    RdbSink slow = new RdbSink() {
      private int queued;
      private Runnable drain;

      @Override
      public void write(byte[] chunk) {
        bytes.write(chunk);
        queued++;
      }

      @Override
      public boolean writeQueueFull() {
        return queued >= 2;
      }

      @Override
      public void drainHandler(Runnable handler) {
        drain = handler;
        // the "disk" catches up a turn later
        loop.add(() -> {
          queued = 0;
          drains[0]++;
          drain.run();
        });
      }

      @Override
      public io.vertx.core.Future<Void> end() {
        return io.vertx.core.Future.succeededFuture();
      }

      @Override
      public void abort() {
      }
    };
    Random r = new Random(5);
    Map<String, String> snapshot = runSnapshot(ks, slice -> ks.db(0).delete(b("key" + r.nextInt(20_000))), slow,
        bytes);
    assertEquals(before, snapshot);
    assertTrue(drains[0] > 3, "drains: " + drains[0]);
  }

  @Test
  void shouldRunTwoSnapshotsAtOnceAndRemoveTheGuardOnCancel() throws Exception {
    Keyspace ks = populated(500, new Random(1));
    Map<String, String> before = KeyspaceDump.of(ks);
    Snapshotter snapshotter = new Snapshotter(ks, loop::add);
    MemorySink first = new MemorySink();
    Snapshot a = snapshotter.start(first, Map.of(), true);
    loop.poll().run();
    ks.db(0).delete(b("k1"));
    MemorySink second = new MemorySink();
    Snapshot c = snapshotter.start(second, Map.of(), false);
    Map<String, String> atSecond = KeyspaceDump.of(ks);
    Snapshot cancelled = snapshotter.start(new MemorySink(), Map.of(), false);
    cancelled.cancel();
    assertTrue(cancelled.result().failed());
    Random r = new Random(2);
    while (!loop.isEmpty()) {
      loop.poll().run();
      mutate(ks, r, 500);
    }
    assertTrue(a.result().succeeded() && c.result().succeeded());
    assertNull(ks.guard());
    Keyspace one = new Keyspace(4);
    new RdbReader(one).load(new ByteArrayInputStream(first.bytes()));
    Keyspace two = new Keyspace(4);
    new RdbReader(two).load(new ByteArrayInputStream(second.bytes()));
    assertEquals(before, KeyspaceDump.of(one));
    assertEquals(atSecond, KeyspaceDump.of(two));
  }
}
