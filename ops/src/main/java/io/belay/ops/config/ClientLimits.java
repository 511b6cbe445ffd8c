package io.belay.ops.config;

import io.belay.proxy.ProxyOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * What one group's proxy allows its clients, under redis.conf's names.
 *
 * @param maxclients              client connections over this are told so and closed
 * @param timeout                 clients idle this long are closed; zero never closes them
 * @param clientOutputBufferLimit bytes of replies a client may leave unread before it is
 *                                disconnected; zero is no limit, as in redis.conf
 */
public record ClientLimits(int maxclients, Duration timeout, ByteSize clientOutputBufferLimit) {

  /** The proxy's own defaults: 10000 clients, never idle-closed, 256 MiB of unread replies. */
  public static final ClientLimits DEFAULTS = new ClientLimits(ProxyOptions.DEFAULT_MAX_CLIENTS,
      Duration.ZERO, new ByteSize(ProxyOptions.DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT));

  public ClientLimits {
    if (maxclients < 1) {
      throw new IllegalArgumentException("maxclients must be at least 1: " + maxclients);
    }
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clientOutputBufferLimit, "clientOutputBufferLimit");
  }
}
