package io.belay.backends.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend server's connection and traffic meters, named {@code belay.backend.*}. */
public final class ServerMetrics {

  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter connections;
  private final AtomicInteger connected = new AtomicInteger();

  public ServerMetrics(MeterRegistry registry, String backend) {
    bytesIn = Counter.builder("belay.backend.net.in").baseUnit("bytes").tag("backend", backend).register(registry);
    bytesOut = Counter.builder("belay.backend.net.out").baseUnit("bytes").tag("backend", backend).register(registry);
    connections = Counter.builder("belay.backend.connections.accepted").tag("backend", backend).register(registry);
    registry.gauge("belay.backend.connections", java.util.List.of(io.micrometer.core.instrument.Tag.of("backend", backend)),
        connected);
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
