package io.belay.it.bench;

import static io.belay.it.harness.Eventually.eventually;

import io.belay.it.harness.Cluster;
import io.belay.it.harness.NodeProcess;
import io.belay.it.harness.Redis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;

/**
 * Failover time after {@code kill -9} of the master, for Belay and for Redis Sentinel on the same
 * machine: the time from the kill to the first write accepted by the master a client reaches.
 *
 * <p>The client is the same loop for both: {@code SET} of an increasing counter, 1 ms apart, on
 * one connection; after an error it waits 10 ms, reconnects and tries again. Against Belay it
 * always connects to the same proxy address. Against Sentinel it asks the sentinels, in turn,
 * {@code SENTINEL GET-MASTER-ADDR-BY-NAME} before every reconnection, as a Sentinel-aware client
 * does. Only writes sent after the old master's process is gone count; the time is measured
 * from just before the kill signal.
 *
 * <p>Each run kills the current master, waits for the first accepted write, then restarts the
 * killed server on its port and waits until it follows the new master before the next run.
 *
 * <pre>
 *   FailoverVsSentinel [runs] [work-dir]
 * </pre>
 * Prints a Markdown table; for Belay also where the time went, from the nodes' event logs.
 */
public final class FailoverVsSentinel {

  private static final String GROUP = Cluster.GROUP;
  private static final long WRITE_PAUSE_MILLIS = 1;
  private static final long RETRY_PAUSE_MILLIS = 10;
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  /** Failover stages in the order they happen, as the nodes' event log names them. */
  private static final List<String> STAGES = List.of("+sdown master", "+odown", "+try-failover",
      "+promoted-slave", "+failover-end", "+switch-master");

  private FailoverVsSentinel() {
  }

  /** The outcome of one run: milliseconds from the kill to the first accepted write. */
  private record Run(long millis, long errors) {
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("failover-bench");
    Files.createDirectories(work);

    List<Run> belay = new ArrayList<>();
    Map<String, List<Long>> stages = new LinkedHashMap<>();
    try (Cluster c = Cluster.start(work.resolve("belay"))) {
      for (int i = 0; i < runs; i++) {
        Run r = belayRun(c, stages);
        belay.add(r);
        System.err.printf("belay run %d: %d ms (%d errors)%n", i + 1, r.millis(), r.errors());
      }
    }

    List<Run> sentinel = new ArrayList<>();
    try (SentinelGroup s = SentinelGroup.start(work.resolve("sentinel"))) {
      for (int i = 0; i < runs; i++) {
        Run r = sentinelRun(s);
        sentinel.add(r);
        System.err.printf("sentinel run %d: %d ms (%d errors)%n", i + 1, r.millis(), r.errors());
      }
    }

    System.out.println("| system | runs | median ms | worst ms | best ms | all runs (ms) |");
    System.out.println("|---|---|---|---|---|---|");
    row("Belay (3 nodes, down-after 200 ms, client on one proxy address)", belay);
    row("Redis Sentinel (3 sentinels, down-after-milliseconds 200, failover-timeout "
        + SentinelGroup.FAILOVER_TIMEOUT_MILLIS + ")", sentinel);
    System.out.println();
    System.out.println("Belay, median time from the kill to each stage (first node to log it; "
        + "+switch-master on the client's node):");
    System.out.println();
    System.out.println("| stage | median ms | worst ms |");
    System.out.println("|---|---|---|");
    for (String stage : STAGES) {
      List<Long> v = stages.getOrDefault(stage, List.of());
      if (!v.isEmpty()) {
        System.out.printf("| %s (%d runs) | %d | %d |%n", stage, v.size(), median(v), max(v));
      }
    }
    System.out.printf("| first write accepted | %d | %d |%n", median(millis(belay)), max(millis(belay)));
  }

  private static void row(String name, List<Run> runs) {
    List<Long> v = millis(runs);
    List<Long> sorted = new ArrayList<>(v);
    sorted.sort(null);
    System.out.printf("| %s | %d | %d | %d | %d | %s |%n", name, v.size(), median(sorted), max(v), sorted.get(0),
        v.toString().replaceAll("[\\[\\]]", ""));
  }

  private static List<Long> millis(List<Run> runs) {
    return runs.stream().map(Run::millis).toList();
  }

  private static long median(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static long max(List<Long> v) {
    return v.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  // ------------------------------------------------------------------------------- Belay

  private static Run belayRun(Cluster c, Map<String, List<Long>> stages) throws Exception {
    int master = c.awaitStable(SETTLE);
    int port = c.proxyPort(0);
    Writer w = Writer.start(() -> new Jedis("127.0.0.1", port, 10_000));
    w.awaitAcks(200);
    long killedWall = System.currentTimeMillis();
    long killed = System.nanoTime();
    c.backend(master).kill9();
    long gone = System.nanoTime();
    long first = w.firstAckSentAfter(gone, SETTLE);
    long errors = w.errorsSince(killed);
    w.stop();
    // the events of this run are in the logs by the time its first write was accepted
    Map<String, Long> run = new LinkedHashMap<>();
    for (int n = 0; n < c.nodeCount(); n++) {
      boolean clientNode = n == 0;
      stagesFromLog(c.node(n).dir().resolve("process.log"), killedWall).forEach((stage, at) -> {
        if (!stage.equals("+switch-master") || clientNode) {
          run.merge(stage, at, Math::min);
        }
      });
    }
    run.forEach((stage, at) -> stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(at));
    c.backend(master).start();
    c.awaitStable(SETTLE);
    return new Run(TimeUnit.NANOSECONDS.toMillis(first - killed), errors);
  }

  /** Milliseconds from {@code sinceWall} to the first time each stage was logged after it. */
  private static Map<String, Long> stagesFromLog(Path log, long sinceWall) throws IOException {
    Map<String, Long> seen = new LinkedHashMap<>();
    for (String line : Files.readAllLines(log)) {
      if (line.length() < 23 || !line.contains("[events]")) {
        continue;
      }
      long at;
      try {
        at = LocalDateTime.parse(line.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant()
            .toEpochMilli();
      } catch (RuntimeException e) {
        continue;
      }
      if (at < sinceWall) {
        continue;
      }
      for (String stage : STAGES) {
        if (line.contains(" " + stage)) {
          seen.putIfAbsent(stage, at - sinceWall);
        }
      }
    }
    return seen;
  }

  // ------------------------------------------------------------------------------ Sentinel

  private static Run sentinelRun(SentinelGroup s) throws Exception {
    int master = s.awaitStable(SETTLE);
    int[] turn = {0};
    Writer w = Writer.start(() -> {
      int sentinel = s.sentinelPorts.get(turn[0]++ % s.sentinelPorts.size());
      try (Jedis q = new Jedis("127.0.0.1", sentinel, 1_000)) {
        List<String> addr = q.sentinelGetMasterAddrByName(GROUP);
        return new Jedis(addr.get(0), Integer.parseInt(addr.get(1)), 10_000);
      }
    });
    w.awaitAcks(200);
    long killed = System.nanoTime();
    s.servers.get(master).kill9();
    long gone = System.nanoTime();
    long first = w.firstAckSentAfter(gone, SETTLE);
    long errors = w.errorsSince(killed);
    w.stop();
    s.servers.get(master).start();
    s.awaitStable(SETTLE);
    return new Run(TimeUnit.NANOSECONDS.toMillis(first - killed), errors);
  }

  // ------------------------------------------------------------------------------ the client

  /** The write loop: one connection, SET 1 ms apart, reconnect (via {@code connect}) after errors. */
  private static final class Writer {
    private final Supplier<Jedis> connect;
    private final Thread thread;
    private volatile boolean running = true;
    /** Pairs of (sent, acknowledged) nanoTimes, written by the loop only. */
    private final List<long[]> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Long> errors = java.util.Collections.synchronizedList(new ArrayList<>());

    private Writer(Supplier<Jedis> connect) {
      this.connect = connect;
      this.thread = new Thread(this::loop, "failover-bench-writer");
      thread.setDaemon(true);
    }

    static Writer start(Supplier<Jedis> connect) {
      Writer w = new Writer(connect);
      w.thread.start();
      return w;
    }

    private void loop() {
      Jedis jedis = null;
      long n = 0;
      while (running) {
        try {
          if (jedis == null) {
            jedis = connect.get();
          }
          long sent = System.nanoTime();
          jedis.set("bench:counter", Long.toString(n++));
          acks.add(new long[] {sent, System.nanoTime()});
          Thread.sleep(WRITE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          errors.add(System.nanoTime());
          if (jedis != null) {
            jedis.close();
            jedis = null;
          }
          try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
      if (jedis != null) {
        jedis.close();
      }
    }

    void awaitAcks(int n) throws Exception {
      eventually(SETTLE, () -> {
        if (acks.size() < n) {
          throw new AssertionError("only " + acks.size() + " writes acknowledged");
        }
      });
    }

    /** When the first write sent at or after {@code nanos} was acknowledged. */
    long firstAckSentAfter(long nanos, Duration timeout) throws Exception {
      long[] found = new long[1];
      eventually(timeout, () -> {
        synchronized (acks) {
          for (long[] a : acks) {
            if (a[0] - nanos >= 0) {
              found[0] = a[1];
              return;
            }
          }
        }
        throw new AssertionError("no write sent after the kill was acknowledged yet");
      });
      return found[0];
    }

    long errorsSince(long nanos) {
      synchronized (errors) {
        return errors.stream().filter(e -> e - nanos >= 0).count();
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(15_000);
    }
  }

  // ----------------------------------------------------------------- the Sentinel deployment

  /** Three redis-servers (a master and two replicas) and three redis-sentinels, on loopback. */
  private static final class SentinelGroup implements AutoCloseable {
    static final long DOWN_AFTER_MILLIS = 200;
    static final long FAILOVER_TIMEOUT_MILLIS = 2_000;

    final List<Integer> serverPorts = new ArrayList<>();
    final List<Integer> sentinelPorts = new ArrayList<>();
    final List<NodeProcess> servers = new ArrayList<>();
    final List<Process> sentinels = new ArrayList<>();
    private final Random random = new Random();

    static SentinelGroup start(Path dir) throws Exception {
      SentinelGroup g = new SentinelGroup();
      try {
        g.startAll(dir);
        return g;
      } catch (Exception e) {
        g.close();
        throw e;
      }
    }

    private void startAll(Path dir) throws Exception {
      for (int i = 0; i < 3; i++) {
        serverPorts.add(port());
        sentinelPorts.add(port());
      }
      for (int i = 0; i < 3; i++) {
        Path d = dir.resolve("redis-" + i);
        Files.createDirectories(d);
        List<String> args = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
        if (i > 0) {
          args.addAll(List.of("--replicaof", "127.0.0.1", serverPorts.get(0).toString()));
        }
        servers.add(NodeProcess.redisServer(d, serverPorts.get(i), args.toArray(String[]::new)));
      }
      for (int i = 1; i < 3; i++) {
        int port = serverPorts.get(i);
        eventually(SETTLE, () -> {
          if (!"up".equals(Redis.info(port, "replication").get("master_link_status"))) {
            throw new AssertionError("replica " + port + " not in sync");
          }
        });
      }
      for (int i = 0; i < 3; i++) {
        Path d = dir.resolve("sentinel-" + i);
        Files.createDirectories(d);
        Path conf = d.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
            "port " + sentinelPorts.get(i),
            "bind 127.0.0.1",
            "dir " + d.toAbsolutePath(),
            "sentinel monitor " + GROUP + " 127.0.0.1 " + serverPorts.get(0) + " 2",
            "sentinel down-after-milliseconds " + GROUP + " " + DOWN_AFTER_MILLIS,
            "sentinel failover-timeout " + GROUP + " " + FAILOVER_TIMEOUT_MILLIS,
            "sentinel parallel-syncs " + GROUP + " 1",
            ""));
        sentinels.add(new ProcessBuilder(sentinelCommand(conf))
            .directory(d.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve("sentinel.log").toFile())).start());
      }
      awaitStable(SETTLE);
    }

    /**
     * Waits until every sentinel names the same master, it is the one server claiming the role,
     * both other servers replicate from it with their links up, and every sentinel knows the
     * other two sentinels and both replicas. Returns the master's index.
     */
    int awaitStable(Duration timeout) throws Exception {
      int[] master = new int[1];
      eventually(timeout, () -> {
        String address = null;
        for (int port : sentinelPorts) {
          try (Jedis q = new Jedis("127.0.0.1", port, 1_000)) {
            List<String> a = q.sentinelGetMasterAddrByName(GROUP);
            String here = a.get(0) + ":" + a.get(1);
            if (address != null && !address.equals(here)) {
              throw new AssertionError("sentinels disagree: " + address + " vs " + here);
            }
            address = here;
            Map<String, String> m = q.sentinelMaster(GROUP);
            if (!"2".equals(m.get("num-slaves")) || !"2".equals(m.get("num-other-sentinels"))
                || !m.get("flags").equals("master")) {
              throw new AssertionError("sentinel " + port + " sees " + m);
            }
          }
        }
        int index = serverPorts.indexOf(Integer.parseInt(address.substring(address.indexOf(':') + 1)));
        for (int i = 0; i < servers.size(); i++) {
          Map<String, String> info = Redis.info(serverPorts.get(i), "replication");
          if (i == index ? !"master".equals(info.get("role"))
              : !"up".equals(info.get("master_link_status"))
                  || !serverPorts.get(index).toString().equals(info.get("master_port"))) {
            throw new AssertionError("server " + serverPorts.get(i) + " not settled: " + info);
          }
        }
        master[0] = index;
      });
      return master[0];
    }

    /** {@code redis-sentinel conf}, or the same binary as {@code redis-server conf --sentinel}. */
    private static List<String> sentinelCommand(Path conf) {
      String file = conf.toAbsolutePath().toString();
      boolean standalone = java.util.Arrays.stream(System.getenv("PATH").split(":"))
          .anyMatch(d -> Files.isExecutable(Path.of(d, "redis-sentinel")));
      return standalone ? List.of("redis-sentinel", file) : List.of("redis-server", file, "--sentinel");
    }

    private int port() throws IOException {
      while (true) {
        int candidate = 20_000 + random.nextInt(12_000);
        if (!serverPorts.contains(candidate) && !sentinelPorts.contains(candidate)) {
          try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
            return candidate;
          } catch (IOException e) {
            // taken: try another
          }
        }
      }
    }

    @Override
    public void close() {
      for (Process p : sentinels) {
        p.destroyForcibly();
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      servers.forEach(NodeProcess::close);
    }
  }
}
