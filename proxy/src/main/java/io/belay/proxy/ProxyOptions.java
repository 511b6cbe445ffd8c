package io.belay.proxy;

import io.belay.protocol.DecoderLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one group's proxy that is fixed while it runs (routing, which may change at
 * runtime, lives in {@link io.belay.routing.RoutingSettings}). Immutable; start from
 * {@link #defaults(String, int)} and adjust with the {@code with...} methods.
 *
 * @param host                    {@code listen} host; loopback unless the operator says otherwise
 * @param port                    {@code listen} port; 0 picks a free one (see
 *                                {@link ProxyServer#port()})
 * @param eventLoops              verticle instances, each with its own event loop, sessions and
 *                                backend connections
 * @param requirePass             password clients must give with {@code AUTH} or {@code HELLO}
 * @param backendUser             ACL user the proxy authenticates as on every backend connection
 * @param backendPassword         password for backend connections (the group's {@code masterauth})
 * @param maxClients              client connections over this are told so and closed
 * @param idleTimeout             close clients idle this long (Redis {@code timeout}); zero never
 * @param holdWrites              during a failover, how long a command that needs the master
 *                                waits for one before {@code -MASTERDOWN}
 * @param connectTimeout          TCP connect to a backend
 * @param commandTimeout          a backend that has not replied this long is taken as dead and
 *                                its connection closed (blocking commands are exempt)
 * @param replicaAckTimeout       the timeout of the {@code WAIT} sent under {@code replica-ack:N}
 * @param clientOutputBufferLimit bytes of replies a client may leave unread before it is
 *                                disconnected
 * @param maxPipeline             commands of one client the proxy holds at once (queued, in
 *                                flight or waiting to be written back); the client socket is not
 *                                read while it has this many
 * @param connectionsPerBackend   shared connections per backend, per event loop and protocol;
 *                                a client always uses the same one, which keeps its commands in
 *                                order
 * @param databases               number of logical databases {@code SELECT} accepts
 * @param decoderLimits           bounds for the client request decoder and backend reply decoder
 * @param pollInterval            how often each event loop checks the routing holder, command
 *                                timeouts and held commands
 * @param tls                     when present, clients must connect over TLS with this
 *                                certificate; plaintext connections are not served
 */
public record ProxyOptions(
    String host,
    int port,
    int eventLoops,
    Optional<String> requirePass,
    Optional<String> backendUser,
    Optional<String> backendPassword,
    int maxClients,
    Duration idleTimeout,
    Duration holdWrites,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration replicaAckTimeout,
    long clientOutputBufferLimit,
    int maxPipeline,
    int connectionsPerBackend,
    int databases,
    DecoderLimits decoderLimits,
    Duration pollInterval,
    Optional<ClientTls> tls) {

  /** Redis's own default for {@code maxclients}. */
  public static final int DEFAULT_MAX_CLIENTS = 10_000;
  /** Large enough for big replies in flight, small enough that a stuck client cannot hurt. */
  public static final long DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT = 256L * 1024 * 1024;
  /**
   * Commands of one client in the proxy at once. Enough to keep backends busy with a deep
   * pipeline (the client's socket holds the rest), and a bound on what one client's replies can
   * occupy before the output limit sees them.
   */
  public static final int DEFAULT_MAX_PIPELINE = 1024;

  public ProxyOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(requirePass, "requirePass");
    Objects.requireNonNull(backendUser, "backendUser");
    Objects.requireNonNull(backendPassword, "backendPassword");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(holdWrites, "holdWrites");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(replicaAckTimeout, "replicaAckTimeout");
    Objects.requireNonNull(decoderLimits, "decoderLimits");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(tls, "tls");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    requirePositive(eventLoops, "eventLoops");
    requirePositive(maxClients, "maxClients");
    requirePositive(maxPipeline, "maxPipeline");
    requirePositive(connectionsPerBackend, "connectionsPerBackend");
    requirePositive(databases, "databases");
    if (clientOutputBufferLimit < 1) {
      throw new IllegalArgumentException("clientOutputBufferLimit must be positive");
    }
    for (Duration d : new Duration[] {idleTimeout, holdWrites, connectTimeout, commandTimeout,
        replicaAckTimeout, pollInterval}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
    if (pollInterval.isZero() || commandTimeout.isZero() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("poll interval and timeouts must be positive");
    }
    if (backendUser.isPresent() && backendPassword.isEmpty()) {
      throw new IllegalArgumentException("a backend user needs a backend password");
    }
  }

  /** Defaults for a proxy listening on {@code host:port}, one event loop per core. */
  public static ProxyOptions defaults(String host, int port) {
    return new ProxyOptions(host, port, Runtime.getRuntime().availableProcessors(),
        Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MAX_CLIENTS, Duration.ZERO,
        Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(1), DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT, DEFAULT_MAX_PIPELINE, 1, 16,
        DecoderLimits.DEFAULTS, Duration.ofMillis(50), Optional.empty());
  }

  public ProxyOptions withEventLoops(int value) {
    return new ProxyOptions(host, port, value, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withRequirePass(String value) {
    return new ProxyOptions(host, port, eventLoops, Optional.ofNullable(value), backendUser,
        backendPassword, maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout,
        replicaAckTimeout, clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases,
        decoderLimits, pollInterval, tls);
  }

  /** Authenticate backend connections as {@code user} (null for the default user). */
  public ProxyOptions withBackendAuth(String user, String password) {
    return new ProxyOptions(host, port, eventLoops, requirePass, Optional.ofNullable(user),
        Optional.ofNullable(password), maxClients, idleTimeout, holdWrites, connectTimeout,
        commandTimeout, replicaAckTimeout, clientOutputBufferLimit, maxPipeline,
        connectionsPerBackend, databases, decoderLimits, pollInterval, tls);
  }

  public ProxyOptions withMaxClients(int value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        value, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withIdleTimeout(Duration value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, value, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withHoldWrites(Duration value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, value, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withTimeouts(Duration connect, Duration command) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connect, command, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withReplicaAckTimeout(Duration value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, value,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withClientOutputBufferLimit(long bytes) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        bytes, maxPipeline, connectionsPerBackend, databases, decoderLimits, pollInterval, tls);
  }

  public ProxyOptions withMaxPipeline(int value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, value, connectionsPerBackend, databases, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withConnectionsPerBackend(int value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, value, databases, decoderLimits, pollInterval, tls);
  }

  public ProxyOptions withDatabases(int value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, value, decoderLimits,
        pollInterval, tls);
  }

  public ProxyOptions withDecoderLimits(DecoderLimits value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, value,
        pollInterval, tls);
  }

  public ProxyOptions withPollInterval(Duration value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        value, tls);
  }

  /** Serve clients over TLS only, with {@code value}'s certificate and key. */
  public ProxyOptions withTls(ClientTls value) {
    return new ProxyOptions(host, port, eventLoops, requirePass, backendUser, backendPassword,
        maxClients, idleTimeout, holdWrites, connectTimeout, commandTimeout, replicaAckTimeout,
        clientOutputBufferLimit, maxPipeline, connectionsPerBackend, databases, decoderLimits,
        pollInterval, Optional.of(value));
  }

  private static void requirePositive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be positive: " + value);
    }
  }
}
