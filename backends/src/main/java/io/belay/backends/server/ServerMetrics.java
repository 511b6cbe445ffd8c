package io.belay.backends.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend server's connection and traffic meters, named {@code belay.backend.*}. */
public final class ServerMetrics {

  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter connections;
  private final AtomicInteger connected = new AtomicInteger();

  public ServerMetrics(MeterRegistry registry, String backend) {
    // every meter has help text: promtool check metrics refuses an exposition without it
    bytesIn = Counter.builder("belay.backend.net.in").baseUnit("bytes").tag("backend", backend)
        .description("Bytes the backend received from its clients and replicas").register(registry);
    bytesOut = Counter.builder("belay.backend.net.out").baseUnit("bytes").tag("backend", backend)
        .description("Bytes the backend sent to its clients and replicas").register(registry);
    connections = Counter.builder("belay.backend.connections.accepted").tag("backend", backend)
        .description("Connections the backend accepted").register(registry);
    Gauge.builder("belay.backend.connections", connected, AtomicInteger::get).tag("backend", backend)
        .description("Connections open on the backend").register(registry);
  }

  void bytesIn(long n) {
    bytesIn.increment(n);
  }

  void bytesOut(long n) {
    bytesOut.increment(n);
  }

  void connected() {
    connections.increment();
    connected.incrementAndGet();
  }

  void disconnected() {
    connected.decrementAndGet();
  }
}
