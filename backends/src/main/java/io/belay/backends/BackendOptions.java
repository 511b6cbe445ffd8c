package io.belay.backends;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to start one embedded backend.
 *
 * @param host      address to listen on
 * @param port      port to listen on (0 picks a free one)
 * @param databases number of databases (16, as Redis)
 * @param config    further parameters under their redis.conf names ({@code dir},
 *                  {@code appendonly}, {@code save}, {@code requirepass}, {@code replicaof}, ...),
 *                  applied in order as CONFIG SET would
 */
public record BackendOptions(String host, int port, int databases, Map<String, String> config) {

  public BackendOptions {
    config = Map.copyOf(new LinkedHashMap<>(config));
  }

  public static BackendOptions of(String host, int port) {
    return new BackendOptions(host, port, 16, Map.of("save", ""));
  }

  public BackendOptions with(String name, String value) {
    Map<String, String> c = new LinkedHashMap<>(config);
    c.put(name, value);
    return new BackendOptions(host, port, databases, c);
  }
}
