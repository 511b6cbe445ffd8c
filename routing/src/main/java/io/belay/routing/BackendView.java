package io.belay.routing;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the router knows about one backend at the time a table was built. Values are as
 * observed by probes and replication acks, so they describe the recent past, not the present.
 *
 * @param backend   the backend
 * @param role      the role the backend reports for itself; a member listed as a replica that
 *                  reports anything else is not read from (it may not replicate from our master)
 * @param up        false once the backend is considered down (subjective down or worse)
 * @param linkUp    for a replica, whether its link to the master is up
 *                  ({@code master_link_status:up}); true for a master
 * @param offset    replication offset: {@code master_repl_offset} for a master, the processed
 *                  offset for a replica; empty when not known
 * @param lagBytes  how many bytes of the master's replication stream the replica has not
 *                  processed yet; empty when not known
 * @param lagMillis how far behind the replica is in time; empty when not known
 */
public record BackendView(
    BackendRef backend,
    BackendRole role,
    boolean up,
    boolean linkUp,
    OptionalLong offset,
    OptionalLong lagBytes,
    OptionalLong lagMillis) {

  public BackendView {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(lagBytes, "lagBytes");
    Objects.requireNonNull(lagMillis, "lagMillis");
    requireNotNegative(offset, "offset");
    requireNotNegative(lagBytes, "lagBytes");
    requireNotNegative(lagMillis, "lagMillis");
  }

  /** A reachable master at {@code offset}. */
  public static BackendView master(BackendRef backend, long offset) {
    return new BackendView(backend, BackendRole.MASTER, true, true, OptionalLong.of(offset),
        OptionalLong.of(0), OptionalLong.of(0));
  }

  /** A reachable replica with its link up, at {@code offset}, behind by the given lag. */
  public static BackendView replica(BackendRef backend, long offset, long lagBytes,
      long lagMillis) {
    return new BackendView(backend, BackendRole.REPLICA, true, true, OptionalLong.of(offset),
        OptionalLong.of(lagBytes), OptionalLong.of(lagMillis));
  }

  /** A backend nothing is known about yet; it is never read from. */
  public static BackendView unknown(BackendRef backend) {
    return new BackendView(backend, BackendRole.UNKNOWN, false, false, OptionalLong.empty(),
        OptionalLong.empty(), OptionalLong.empty());
  }

  public BackendView withUp(boolean up) {
    return new BackendView(backend, role, up, linkUp, offset, lagBytes, lagMillis);
  }

  public BackendView withLinkUp(boolean linkUp) {
    return new BackendView(backend, role, up, linkUp, offset, lagBytes, lagMillis);
  }

  public BackendView withRole(BackendRole role) {
    return new BackendView(backend, role, up, linkUp, offset, lagBytes, lagMillis);
  }

  public BackendView withOffset(OptionalLong offset) {
    return new BackendView(backend, role, up, linkUp, offset, lagBytes, lagMillis);
  }

  public BackendView withLag(OptionalLong lagBytes, OptionalLong lagMillis) {
    return new BackendView(backend, role, up, linkUp, offset, lagBytes, lagMillis);
  }

  private static void requireNotNegative(OptionalLong value, String what) {
    if (value.isPresent() && value.getAsLong() < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value.getAsLong());
    }
  }
}
