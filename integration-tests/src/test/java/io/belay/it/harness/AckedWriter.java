package io.belay.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A steady write load through one address: threads that {@code RPUSH} unique values to one
 * list, each on its own connection, recording every write the server acknowledged (with the
 * time of the reply) and every error. A write that failed or timed out is never retried, so
 * each acknowledged value must be in the list exactly once, whatever happened in between.
 * Values carry a tag of their writer, so several writers may share one list.
 */
public final class AckedWriter implements AutoCloseable {

  /** A write the client saw acknowledged, and when ({@link System#nanoTime()}). */
  public record Ack(String value, long at) {
  }

  /** A write that failed, when, and the error the client got. */
  public record Failure(String value, long at, String error) {
  }

  private final int port;
  private final String key;
  private final Duration pause;
  /** Makes this writer's values distinct from those of any other writer on the same list. */
  private final String tag = UUID.randomUUID().toString().substring(0, 6);
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  private AckedWriter(int port, String key, Duration pause) {
    this.port = port;
    this.key = key;
    this.pause = pause;
  }

  /**
   * Starts {@code threads} writers on 127.0.0.1:{@code port}, each pausing {@code pause}
   * between writes (and 10 ms after an error).
   */
  public static AckedWriter start(int port, String key, int threads, Duration pause) {
    AckedWriter w = new AckedWriter(port, key, pause);
    for (int i = 0; i < threads; i++) {
      int id = i;
      Thread t = new Thread(() -> w.run(id), "writer-" + port + "-" + i);
      t.setDaemon(true);
      w.threads.add(t);
      t.start();
    }
    return w;
  }

  private void run(int id) {
    Jedis jedis = null;
    long seq = 0;
    while (running) {
      String value = "w" + tag + "." + id + "-" + seq++;
      try {
        if (jedis == null) {
          jedis = new Jedis("127.0.0.1", port, 10_000);
        }
        jedis.rpush(key, value);
        acks.add(new Ack(value, System.nanoTime()));
        sleep(pause);
      } catch (JedisConnectionException e) {
        failures.add(new Failure(value, System.nanoTime(), e.getMessage()));
        if (jedis != null) {
          jedis.close();
          jedis = null;
        }
        sleep(Duration.ofMillis(10));
      } catch (JedisDataException e) {
        failures.add(new Failure(value, System.nanoTime(), e.getMessage()));
        sleep(Duration.ofMillis(10));
      }
    }
    if (jedis != null) {
      jedis.close();
    }
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String key() {
    return key;
  }

  public List<Ack> acks() {
    return new ArrayList<>(acks);
  }

  public List<Failure> failures() {
    return new ArrayList<>(failures);
  }

  /** Acknowledgements that arrived at or after {@code nanos}. */
  public List<Ack> acksSince(long nanos) {
    return acks.stream().filter(a -> a.at() - nanos >= 0).toList();
  }

  public List<Failure> failuresSince(long nanos) {
    return failures.stream().filter(f -> f.at() - nanos >= 0).toList();
  }

  /** Waits until at least {@code n} writes were acknowledged at or after {@code nanos}. */
  public void awaitAcksSince(long nanos, int n, Duration timeout) throws Exception {
    Eventually.eventually(timeout, () -> {
      if (acksSince(nanos).size() < n) {
        throw new AssertionError("fewer than " + n + " writes acknowledged since the mark; last errors: "
            + failures.stream().skip(Math.max(0, failures.size() - 3)).toList());
      }
    });
  }

  /** Stops the writers and waits for their last write to end. */
  public void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(15_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** The acknowledged writes whose values {@code present} lacks. */
  public static List<Ack> missing(Collection<Ack> acked, Collection<String> present) {
    Set<String> have = new HashSet<>(present);
    return acked.stream().filter(a -> !have.contains(a.value())).toList();
  }

  /** Error messages and how often each came, for logs. */
  public static Map<String, Integer> histogram(Collection<Failure> failures) {
    Map<String, Integer> out = new TreeMap<>();
    for (Failure f : failures) {
      String m = f.error() == null ? "(no message)" : f.error().replaceAll("[0-9]+", "N");
      out.merge(m, 1, Integer::sum);
    }
    return out;
  }
}
