package io.belay.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A recorded workload through Belay's stable addresses, for fault-injection tests: clients,
 * each on its own connection to one proxy port, that append unique values to their own list
 * ({@code RPUSH}), increment one shared counter ({@code INCR}) and read back the length of
 * their own list ({@code LLEN}). Every operation is recorded with when it was invoked, when it
 * completed, its outcome and the epoch its proxy's node published at completion time, so that
 * {@link WorkloadCheck} can tell afterwards what was lost, invented, doubled or read stale.
 *
 * <p>No operation is ever retried: a value is written by at most one invocation, so each
 * acknowledged value must be present exactly once. The mix and the pauses come from a seeded
 * {@link Random} per client, so a run can be replayed with the seed it logs.
 */
public final class Workload implements AutoCloseable {

  /** What an operation did. */
  public enum Kind { RPUSH, INCR, LLEN }

  /**
   * How an operation ended: {@code OK} with a reply, {@code ERROR} with an error reply (the
   * server may still have applied it, e.g. a write that waited in vain for replicas), or
   * {@code UNKNOWN} when the connection failed or timed out and nobody knows.
   */
  public enum Outcome { OK, ERROR, UNKNOWN }

  /**
   * One operation: times from {@link System#nanoTime()}, {@code value} the appended value
   * (RPUSH), {@code reply} the integer reply (RPUSH: new length, INCR: new value, LLEN: length),
   * {@code epoch} the epoch its proxy's node published when it completed ({@code -1} unknown).
   */
  public record Op(int client, Kind kind, String value, long invoked, long completed, Outcome outcome,
      long reply, long epoch, String error) {

    public boolean ok() {
      return outcome == Outcome.OK;
    }
  }

  /**
   * The workload's shape.
   *
   * @param clients       concurrent clients
   * @param ports         proxy ports; client {@code i} uses {@code ports[i % ports.length]}
   * @param seed          seeds the clients' choices and pauses
   * @param maxPause      the longest random pause between two operations of a client
   * @param clientTimeout the client's socket timeout: an operation slower than this is UNKNOWN
   * @param password      what the clients AUTH with on connecting, or null
   */
  public record Settings(int clients, int[] ports, long seed, Duration maxPause, Duration clientTimeout,
      String password) {

    public Settings(int clients, int[] ports, long seed, Duration maxPause, Duration clientTimeout) {
      this(clients, ports, seed, maxPause, clientTimeout, null);
    }

    public Settings withPassword(String password) {
      return new Settings(clients, ports, seed, maxPause, clientTimeout, password);
    }
  }

  public static final String COUNTER = "wl:counter";

  private final Settings settings;
  private final IntSupplier[] epochs;
  private final ConcurrentLinkedQueue<Op> history = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private Workload(Settings settings, IntSupplier[] epochs) {
    this.settings = settings;
    this.epochs = epochs;
  }

  /**
   * Starts the clients. {@code epochOfPort} gives, for a client's port index, the epoch its
   * node currently publishes (read by an {@link EpochWatch}); it may answer {@code -1}.
   */
  public static Workload start(Settings settings, IntSupplier... epochOfPort) {
    Workload w = new Workload(settings, epochOfPort);
    for (int i = 0; i < settings.clients(); i++) {
      int id = i;
      Thread t = new Thread(() -> w.run(id), "workload-" + i);
      t.setDaemon(true);
      w.threads.add(t);
      t.start();
    }
    return w;
  }

  /** The list client {@code client} appends to. */
  public static String listOf(int client) {
    return "wl:list:" + client;
  }

  private void run(int id) {
    Random random = new Random(settings.seed() * 31 + id);
    int portIndex = id % settings.ports().length;
    int port = settings.ports()[portIndex];
    int timeout = (int) settings.clientTimeout().toMillis();
    String list = listOf(id);
    Jedis jedis = null;
    long seq = 0;
    while (running) {
      int dice = random.nextInt(10);
      Kind kind = dice < 5 ? Kind.RPUSH : dice < 8 ? Kind.INCR : Kind.LLEN;
      String value = kind == Kind.RPUSH ? "c" + id + "-" + seq++ : null;
      long invoked = System.nanoTime();
      Outcome outcome;
      long reply = -1;
      String error = null;
      try {
        if (jedis == null) {
          jedis = new Jedis("127.0.0.1", port, timeout);
          if (settings.password() != null) {
            jedis.auth(settings.password());
          }
        }
        reply = switch (kind) {
          case RPUSH -> jedis.rpush(list, value);
          case INCR -> jedis.incr(COUNTER);
          case LLEN -> jedis.llen(list);
        };
        outcome = Outcome.OK;
      } catch (JedisDataException e) {
        outcome = Outcome.ERROR;
        error = e.getMessage();
      } catch (JedisConnectionException e) {
        outcome = Outcome.UNKNOWN;
        error = e.getMessage();
        if (jedis != null) {
          jedis.close();
          jedis = null;
        }
      }
      long completed = System.nanoTime();
      long epoch = portIndex < epochs.length ? epochs[portIndex].getAsInt() : -1;
      history.add(new Op(id, kind, value, invoked, completed, outcome, reply, epoch, error));
      long pause = settings.maxPause().toMillis();
      sleep(outcome == Outcome.OK ? (pause == 0 ? 0 : random.nextLong(pause + 1)) : 10);
    }
    if (jedis != null) {
      jedis.close();
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Settings settings() {
    return settings;
  }

  /** Everything recorded so far. */
  public List<Op> history() {
    return new ArrayList<>(history);
  }

  /** Waits until {@code n} operations completed OK after {@code since} (nanoTime). */
  public void awaitOk(long since, int n, Duration timeout) throws Exception {
    Eventually.eventually(timeout, () -> {
      long ok = history.stream().filter(o -> o.ok() && o.completed() - since >= 0).count();
      if (ok < n) {
        List<String> last = history.stream().filter(o -> !o.ok()).map(Op::error).toList();
        throw new AssertionError(ok + " of " + n + " operations acknowledged since the mark; last errors: "
            + last.subList(Math.max(0, last.size() - 3), last.size()));
      }
    });
  }

  /** Stops the clients and waits for their last operation to end. */
  public void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(settings.clientTimeout().toMillis() + 5_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
