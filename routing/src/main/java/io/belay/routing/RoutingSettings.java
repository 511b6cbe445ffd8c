package io.belay.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * A group's routing configuration. Immutable: the proxy holds the current one in an
 * {@code AtomicReference} and swaps in a new value when the configuration is reloaded.
 *
 * @param readPolicy           {@code read-policy}
 * @param maxReplicaLag        {@code max-replica-lag}
 * @param noReplicaBehaviour   what replica-only policies do when no replica qualifies
 * @param consistency          {@code consistency}
 * @param readYourWritesWindow under read-your-writes, how long after a write whose replication
 *                             offset is unknown (stock Redis) the session reads from the master
 * @param durability           {@code durability}
 */
public record RoutingSettings(
    ReadPolicy readPolicy,
    MaxReplicaLag maxReplicaLag,
    NoReplicaBehaviour noReplicaBehaviour,
    Consistency consistency,
    Duration readYourWritesWindow,
    Durability durability) {

  /** One second: well above replication delay on a healthy network, short for a human. */
  public static final Duration DEFAULT_READ_YOUR_WRITES_WINDOW = Duration.ofSeconds(1);

  /**
   * Reads from the master, eventual consistency, asynchronous replication: the behaviour of a
   * client talking to the master directly, until the configuration asks for more.
   */
  public static final RoutingSettings DEFAULTS = new RoutingSettings(ReadPolicy.MASTER,
      MaxReplicaLag.NONE, NoReplicaBehaviour.FALLBACK_TO_MASTER, Consistency.EVENTUAL,
      DEFAULT_READ_YOUR_WRITES_WINDOW, Durability.ASYNC);

  public RoutingSettings {
    Objects.requireNonNull(readPolicy, "readPolicy");
    Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
    Objects.requireNonNull(noReplicaBehaviour, "noReplicaBehaviour");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(readYourWritesWindow, "readYourWritesWindow");
    Objects.requireNonNull(durability, "durability");
    if (readYourWritesWindow.isNegative()) {
      throw new IllegalArgumentException("read-your-writes window must not be negative: "
          + readYourWritesWindow);
    }
  }

  /**
   * The context for one read of a session.
   *
   * @param session the session's tracker (consulted only under read-your-writes)
   * @param spread  the group's spread
   */
  public ReadContext readContext(ReadYourWrites session, Spread spread) {
    return new ReadContext(maxReplicaLag, noReplicaBehaviour, consistency.freshness(session),
        spread);
  }

  /** A tracker for a new session, with this configuration's window. */
  public ReadYourWrites newReadYourWrites() {
    return ReadYourWrites.withSystemClock(readYourWritesWindow);
  }

  public RoutingSettings withReadPolicy(ReadPolicy value) {
    return new RoutingSettings(value, maxReplicaLag, noReplicaBehaviour, consistency,
        readYourWritesWindow, durability);
  }

  public RoutingSettings withMaxReplicaLag(MaxReplicaLag value) {
    return new RoutingSettings(readPolicy, value, noReplicaBehaviour, consistency,
        readYourWritesWindow, durability);
  }

  public RoutingSettings withNoReplicaBehaviour(NoReplicaBehaviour value) {
    return new RoutingSettings(readPolicy, maxReplicaLag, value, consistency,
        readYourWritesWindow, durability);
  }

  public RoutingSettings withConsistency(Consistency value) {
    return new RoutingSettings(readPolicy, maxReplicaLag, noReplicaBehaviour, value,
        readYourWritesWindow, durability);
  }

  public RoutingSettings withReadYourWritesWindow(Duration value) {
    return new RoutingSettings(readPolicy, maxReplicaLag, noReplicaBehaviour, consistency,
        value, durability);
  }

  public RoutingSettings withDurability(Durability value) {
    return new RoutingSettings(readPolicy, maxReplicaLag, noReplicaBehaviour, consistency,
        readYourWritesWindow, value);
  }
}
