package io.belay.ops.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code %component}: a short name for where a log line comes from, so an operator reads
 * {@code [replication]} rather than a class name. For Belay's loggers it is the last package
 * segment ({@code io.belay.backends.replication.ReplicaLink} is {@code replication}), skipping
 * {@code impl}; for libraries it is the project ({@code io.netty...} is {@code netty}).
 */
public final class ComponentConverter extends ClassicConverter {

  private static final String OWN_PREFIX = "io.belay.";
  private static final Set<String> NOT_A_COMPONENT = Set.of("impl", "internal", "spi");

  /** Bounded by the number of loggers, which is bounded by the number of classes. */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  @Override
  public String convert(ILoggingEvent event) {
    return names.computeIfAbsent(event.getLoggerName(), ComponentConverter::component);
  }

  static String component(String loggerName) {
    String[] parts = loggerName.split("\\.");
    if (parts.length == 1) {
      return loggerName;
    }
    if (!loggerName.startsWith(OWN_PREFIX)) {
      // io.netty.channel.X -> netty, com.hazelcast.internal.X -> hazelcast
      return parts.length > 2 ? parts[1] : parts[0];
    }
    // io.belay.<module>...<package>.<Class>: the innermost package that names something.
    for (int i = parts.length - 2; i >= 2; i--) {
      if (!NOT_A_COMPONENT.contains(parts[i])) {
        return parts[i];
      }
    }
    return parts[parts.length - 1];
  }
}
