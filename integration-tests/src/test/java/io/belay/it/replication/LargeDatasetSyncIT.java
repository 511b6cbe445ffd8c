package io.belay.it.replication;

import static io.belay.it.harness.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.it.harness.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Two replicas synchronize a gigabyte dataset from a Belay backend while the master keeps
 * taking writes, and all three end identical. The snapshot streams to the replicas as it is
 * made (diskless), so the master never holds a copy of the dataset; each replica keeps the
 * transfer as it came and loads it, with heaps sized for that and nothing more.
 */
class LargeDatasetSyncIT {

  private static final Logger log = LoggerFactory.getLogger(LargeDatasetSyncIT.class);

  private static final int KEYS = 1_000_000;
  private static final int VALUE_BYTES = 1024;
  private static final Duration SYNC = Duration.ofMinutes(5);

  @TempDir
  Path dir;

  @Test
  void shouldEndIdenticalAfterTwoReplicasSyncAGigabyteWhileTheMasterTakesWrites() throws Exception {
    try (SizedBackend master = SizedBackend.start(dir.resolve("master"), "5g", "--save", "");
        SizedBackend a = SizedBackend.start(dir.resolve("a"), "6g", "--save", "");
        SizedBackend b = SizedBackend.start(dir.resolve("b"), "6g", "--save", "")) {
      long loadStart = System.nanoTime();
      load(master.port());
      long usedMemory = Long.parseLong(Redis.info(master.port(), "memory").get("used_memory"));
      log.info("loaded {} keys of {} bytes in {} ms; used_memory {} MB", KEYS, VALUE_BYTES,
          (System.nanoTime() - loadStart) / 1_000_000, usedMemory >> 20);
      assertTrue(usedMemory >= 1L << 30, "the dataset is at least a gigabyte: used_memory " + usedMemory);

      try (Writer writer = Writer.start(master.port())) {
        writer.awaitOps(1000);
        long syncStart = System.nanoTime();
        try (Jedis ja = Redis.connect(a.port()); Jedis jb = Redis.connect(b.port())) {
          ja.replicaof("127.0.0.1", master.port());
          jb.replicaof("127.0.0.1", master.port());
        }
        try {
          for (SizedBackend r : new SizedBackend[] {a, b}) {
            eventually(SYNC, () -> assertEquals("up", Redis.info(r.port(), "replication").get("master_link_status")));
          }
        } catch (AssertionError e) {
          log.error("master:\n{}\nreplica a:\n{}\nreplica b:\n{}", master.logTail(), a.logTail(), b.logTail());
          throw e;
        }
        long synced = System.nanoTime();
        long before = writer.ops();
        writer.awaitOps(before + 1000);
        writer.stop();
        log.info("both replicas synchronized in {} ms; the writer made {} writes meanwhile and {} after",
            (synced - syncStart) / 1_000_000, before, writer.ops() - before);
      }

      String offset = Redis.info(master.port(), "replication").get("master_repl_offset");
      for (SizedBackend r : new SizedBackend[] {a, b}) {
        eventually(Duration.ofSeconds(60), () -> assertEquals(offset,
            Redis.info(r.port(), "replication").get("slave_repl_offset"), "replica on port " + r.port()));
      }
      long fullSyncs = Long.parseLong(Redis.info(master.port(), "stats").get("sync_full"));
      assertTrue(fullSyncs >= 2, "each replica synchronized fully: sync_full " + fullSyncs);
      Dataset expected = Dataset.of(master.port());
      assertTrue(expected.keyCount() >= KEYS, "keys on the master: " + expected.keyCount());
      Dataset.assertSame(expected, Dataset.of(a.port()), "replica a");
      Dataset.assertSame(expected, Dataset.of(b.port()), "replica b");
    }
  }

  private static void load(int port) {
    byte[] value = new byte[VALUE_BYTES];
    try (Jedis j = new Jedis("127.0.0.1", port, 120_000)) {
      for (int start = 0; start < KEYS; start += 10_000) {
        try (Pipeline p = j.pipelined()) {
          for (int i = start; i < start + 10_000; i++) {
            // distinct values, so a replica that swapped two of them would be caught
            Arrays.fill(value, (byte) ('a' + i % 26));
            byte[] tag = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(tag, 0, value, 0, tag.length);
            p.set(("big:" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII), value.clone());
          }
        }
      }
    }
  }

  /** Changes the dataset while it is being synchronized: overwrites, new keys, counters, lists. */
  private static final class Writer extends BackgroundWriter {

    private final int port;

    private Writer(int port) {
      super("large-sync-writer");
      this.port = port;
    }

    static Writer start(int port) {
      Writer w = new Writer(port);
      w.start();
      return w;
    }

    void awaitOps(long count) throws Exception {
      awaitOps(count, SYNC);
    }

    @Override
    protected void write() throws InterruptedException {
      try (Jedis j = new Jedis("127.0.0.1", port, 120_000)) {
        long n = 0;
        while (running()) {
          switch ((int) (n % 4)) {
            case 0 -> j.set("big:" + (n * 7919 % KEYS), "overwritten " + n);
            case 1 -> j.set("new:" + n, Long.toString(n));
            case 2 -> j.incr("counter:" + (n % 100));
            default -> j.rpush("list:" + (n % 100), Long.toString(n));
          }
          n++;
          wrote();
          if (n % 64 == 0) {
            Thread.sleep(1); // a steady load, not a flood: the point is writes during the sync
          }
        }
      }
    }
  }
}
