package io.belay.ops.http.impl;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The JVM and system meters every Belay process exposes on {@code /metrics}. */
public final class JvmMeters implements AutoCloseable {

  /** Micrometer's CPU time counter; its base unit is "ns", which Prometheus's lint refuses. */
  static final String CPU_TIME_IN_NANOS = "process.cpu.time";
  /** A gauge whose "_count" suffix Prometheus's lint reserves for histograms and summaries. */
  static final String CPU_COUNT = "system.cpu.count";
  static final String CPU_COUNT_RENAMED = "system.cpu.processors";

  private final JvmGcMetrics gc;

  private JvmMeters(JvmGcMetrics gc) {
    this.gc = gc;
  }

  /** Binds the meters; a registry that has them already keeps the ones it has. */
  public static JvmMeters bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    bindProcessorMeters(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new JvmMeters(gc);
  }

  /**
   * ProcessorMetrics through a composite whose filters make its names pass
   * {@code promtool check metrics}: a filter on the composite touches only these meters,
   * where one on the node's registry would apply to every module's. The processor count is
   * renamed {@code system_cpu_processors}; the nanosecond CPU counter is dropped and comes
   * back in seconds under Prometheus's usual name, {@code process_cpu_seconds_total}.
   */
  private static void bindProcessorMeters(MeterRegistry registry) {
    CompositeMeterRegistry processor = new CompositeMeterRegistry();
    processor.config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals(CPU_TIME_IN_NANOS)))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return id.getName().equals(CPU_COUNT) ? id.withName(CPU_COUNT_RENAMED) : id;
          }
        });
    processor.add(registry);
    new ProcessorMetrics().bindTo(processor);

    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      com.sun.management.OperatingSystemMXBean hotspot =
          (com.sun.management.OperatingSystemMXBean) os;
      FunctionCounter.builder("process.cpu", hotspot,
              bean -> Math.max(0, bean.getProcessCpuTime()) / 1e9)
          .description("CPU time used by the Java virtual machine process")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  /** Stops listening for GC notifications. */
  @Override
  public void close() {
    gc.close();
  }
}
