package io.belay.it.harness;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntSupplier;

/**
 * Polls every node's {@code /api/topology} every 20 ms and keeps the last epoch each node
 * published, so that a {@link Workload} can note which epoch its proxy served under. The
 * value may be up to one poll old: a test reads it as "the epoch around that time".
 */
public final class EpochWatch implements AutoCloseable {

  private final Cluster cluster;
  private final AtomicIntegerArray epochs;
  private final Thread thread;
  private volatile boolean running = true;

  private EpochWatch(Cluster cluster) {
    this.cluster = cluster;
    this.epochs = new AtomicIntegerArray(cluster.nodeCount());
    for (int i = 0; i < epochs.length(); i++) {
      epochs.set(i, -1);
    }
    this.thread = new Thread(this::run, "epoch-watch");
    thread.setDaemon(true);
  }

  public static EpochWatch start(Cluster cluster) {
    EpochWatch w = new EpochWatch(cluster);
    w.poll();
    w.thread.start();
    return w;
  }

  private void run() {
    while (running) {
      poll();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void poll() {
    for (int n = 0; n < epochs.length(); n++) {
      if (!cluster.node(n).isAlive()) {
        continue;
      }
      try {
        epochs.set(n, (int) cluster.epoch(n));
      } catch (Exception e) {
        // a paused or dying node: keep what it said last
      }
    }
  }

  /** The last epoch node {@code n} published, {@code -1} before it answered once. */
  public IntSupplier of(int node) {
    return () -> epochs.get(node);
  }

  /** One supplier per node, in node order, as {@link Workload#start} takes them. */
  public IntSupplier[] all() {
    IntSupplier[] out = new IntSupplier[epochs.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = of(i);
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(1_000);
  }
}
