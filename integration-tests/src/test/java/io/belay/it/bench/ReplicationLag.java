package io.belay.it.bench;

import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Replication lag under a steady write load, for a Belay backend replicating to a Belay backend
 * and for redis-server replicating to redis-server, measured one after the other on this
 * machine with the same load.
 *
 * <p>For each pair: the master's highest write rate is measured first (four connections sending
 * pipelined SETs of 100-byte values as fast as the master answers); the load then runs at half
 * that rate while a sampler reads {@code master_repl_offset} on the master and
 * {@code slave_repl_offset} on the replica, alternately, about every millisecond.
 * <ul>
 *   <li>lag in bytes: at each replica sample, the master's offset of the sample just before it
 *       minus the replica's offset (0 when the replica already had it);
 *   <li>lag in milliseconds: for each master sample, the time until the first replica sample
 *       that reached its offset.
 * </ul>
 * A Belay replica acknowledges every second, as Redis does; the offsets read here are the
 * replica's own, so the figures do not wait for acknowledgements.
 *
 * <pre>
 *   ReplicationLag [seconds] [work-dir]
 * </pre>
 * Prints a Markdown table.
 */
public final class ReplicationLag {

  private static final int WRITERS = 4;
  private static final int BATCH = 16;
  private static final int VALUE_BYTES = 100;
  private static final Duration MAX_RATE_WINDOW = Duration.ofSeconds(5);

  private ReplicationLag() {
  }

  /** What one pair measured. */
  private record Result(String name, double maxRate, double loadRate, long[] lagBytes, long[] lagMicros) {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("belay-lag-bench");
    List<Result> results = new ArrayList<>();
    results.add(measure("redis-server → redis-server", work.resolve("redis"), false, seconds, 0));
    Result belay = measure("belay backend → belay backend", work.resolve("belay"), true, seconds, 0);
    results.add(belay);
    // like for like: redis-server under the load the Belay pair had
    results.add(measure("redis-server → redis-server, at Belay's load", work.resolve("redis-same-load"), false,
        seconds, belay.loadRate()));
    print(results, seconds);
  }

  /** @param load SETs a second to load the master with; 0 for half of its highest rate */
  private static Result measure(String name, Path dir, boolean belay, int seconds, double load) throws Exception {
    try (NodeProcess master = start(dir.resolve("master"), belay);
        NodeProcess replica = start(dir.resolve("replica"), belay)) {
      try (Jedis j = Redis.connect(replica.port())) {
        j.replicaof("127.0.0.1", master.port());
      }
      awaitLinkUp(replica.port());
      double max = rate(master.port(), 0, MAX_RATE_WINDOW);
      double target = load > 0 ? load : max / 2;
      System.err.printf(Locale.ROOT, "%s: highest write rate %.0f SET/s; loading at %.0f SET/s for %d s%n",
          name, max, target, seconds);
      Sampler sampler = new Sampler(master.port(), replica.port());
      Thread sampling = new Thread(sampler, "lag-sampler");
      sampling.start();
      double achieved = rate(master.port(), target, Duration.ofSeconds(seconds));
      sampler.stop();
      sampling.join();
      return new Result(name, max, achieved, sampler.lagBytes(), sampler.lagMicros());
    }
  }

  private static NodeProcess start(Path dir, boolean belay) throws IOException, InterruptedException {
    int port = NodeProcess.freePort();
    // the same durability on both: no snapshots, no AOF
    return belay ? NodeProcess.belayBackend(dir, port, "--save", "")
        : NodeProcess.redisServer(dir, port, "--save", "", "--appendonly", "no");
  }

  private static void awaitLinkUp(int replicaPort) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!"up".equals(Redis.info(replicaPort, "replication").get("master_link_status"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replica on port " + replicaPort + " did not sync");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Runs the writers for {@code window}, at {@code perSecond} SETs a second in all (0: as fast
   * as they can), and returns the rate they reached.
   */
  private static double rate(int port, double perSecond, Duration window) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < WRITERS; w++) {
      int id = w;
      Thread t = new Thread(() -> write(port, id, perSecond / WRITERS, start, running, done), "lag-writer-" + w);
      writers.add(t);
      t.start();
    }
    Thread.sleep(window.toMillis());
    running.set(false);
    for (Thread t : writers) {
      t.join();
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static void write(int port, int id, double perSecond, long start, AtomicBoolean running, AtomicLong done) {
    String value = "v".repeat(VALUE_BYTES);
    long n = 0;
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      while (running.get()) {
        try (Pipeline p = j.pipelined()) {
          for (int i = 0; i < BATCH; i++) {
            p.set("lag:" + id + ":" + (n++ % 100_000), value);
          }
        }
        done.addAndGet(BATCH);
        if (perSecond > 0) {
          // paced: each writer keeps to its share of the rate, measured from the common start
          long due = start + (long) (n / perSecond * 1e9);
          long ahead = due - System.nanoTime();
          if (ahead > 0) {
            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the master's and the replica's offsets in turn, as often as it can (about every ms). */
  private static final class Sampler implements Runnable {

    private final int masterPort;
    private final int replicaPort;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<long[]> master = new ArrayList<>();
    private final List<long[]> replica = new ArrayList<>();

    Sampler(int masterPort, int replicaPort) {
      this.masterPort = masterPort;
      this.replicaPort = replicaPort;
    }

    void stop() {
      running.set(false);
    }

    @Override
    public void run() {
      try (Jedis m = new Jedis("127.0.0.1", masterPort, 10_000);
          Jedis r = new Jedis("127.0.0.1", replicaPort, 10_000)) {
        while (running.get()) {
          long mo = Long.parseLong(Redis.parse(m.info("replication")).get("master_repl_offset"));
          master.add(new long[] {System.nanoTime(), mo});
          long ro = Long.parseLong(Redis.parse(r.info("replication")).get("slave_repl_offset"));
          replica.add(new long[] {System.nanoTime(), ro});
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }

    long[] lagBytes() {
      long[] out = new long[replica.size()];
      for (int i = 0; i < replica.size(); i++) {
        // sample i of the master was taken just before sample i of the replica
        out[i] = Math.max(0, master.get(i)[1] - replica.get(i)[1]);
      }
      return out;
    }

    long[] lagMicros() {
      List<Long> out = new ArrayList<>();
      int r = 0;
      for (long[] m : master) {
        while (r < replica.size() && (replica.get(r)[0] < m[0] || replica.get(r)[1] < m[1])) {
          r++;
        }
        if (r == replica.size()) {
          break; // not reached before the end of the run
        }
        out.add((replica.get(r)[0] - m[0]) / 1000);
      }
      return out.stream().mapToLong(Long::longValue).toArray();
    }
  }

  private static long percentile(long[] values, double p) {
    if (values.length == 0) {
      return -1;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private static void print(List<Result> results, int seconds) {
    System.out.printf("Replication lag at half of the master's highest write rate, and for redis-server also at "
        + "the Belay pair's load (SET, %d-byte values, %d connections, pipelines of %d), %d s per pair, offsets "
        + "sampled about every millisecond.%n%n",
        VALUE_BYTES, WRITERS, BATCH, seconds);
    System.out.println("| master → replica | highest SET/s | load SET/s | lag bytes p50 | lag bytes p99 "
        + "| lag ms p50 | lag ms p99 | samples |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %d | %d | %.2f | %.2f | %d |%n", r.name(), r.maxRate(),
          r.loadRate(), percentile(r.lagBytes(), 50), percentile(r.lagBytes(), 99),
          percentile(r.lagMicros(), 50) / 1000.0, percentile(r.lagMicros(), 99) / 1000.0, r.lagBytes().length);
    }
    Result redis = results.get(0);
    Result belay = results.get(1);
    Result sameLoad = results.get(2);
    System.out.printf(Locale.ROOT, "%nBelay / redis-server: highest write rate %.2f×; lag ms at half of each one's "
        + "highest rate p50 %s, p99 %s; at the same load p50 %s, p99 %s.%n",
        belay.maxRate() / redis.maxRate(), ratio(belay.lagMicros(), redis.lagMicros(), 50),
        ratio(belay.lagMicros(), redis.lagMicros(), 99), ratio(belay.lagMicros(), sameLoad.lagMicros(), 50),
        ratio(belay.lagMicros(), sameLoad.lagMicros(), 99));
  }

  private static String ratio(long[] a, long[] b, double p) {
    long x = percentile(a, p);
    long y = percentile(b, p);
    return y <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", (double) x / y);
  }
}
