package io.belay.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current routing table of one group, as one proxy sees it. Event loops read it on every
 * command; the election side offers new tables from any thread.
 *
 * <p>This is the proxy side of the epoch fence (DESIGN decision 2): a table with a lower epoch
 * than the one held is dropped, so a leader that lost its majority cannot route this proxy back
 * to an old master. Within one epoch only observations may change, never the topology.
 */
public final class RoutingHolder {

  private final String group;
  private final AtomicReference<RoutingTable> current = new AtomicReference<>();

  /** A holder with no table yet; every read sees {@link Optional#empty()} until an offer. */
  public RoutingHolder(String group) {
    this.group = Objects.requireNonNull(group, "group");
  }

  public RoutingHolder(RoutingTable initial) {
    this(initial.group());
    current.set(initial);
  }

  public String group() {
    return group;
  }

  /** The table routing should use now. Never blocks. */
  public Optional<RoutingTable> current() {
    return Optional.ofNullable(current.get());
  }

  /** The epoch held, or -1 before the first table. */
  public long epoch() {
    RoutingTable table = current.get();
    return table == null ? -1 : table.epoch();
  }

  /**
   * Installs {@code table} if its epoch is strictly higher than the one held, or equal with the
   * same topology (fresher observations of the same epoch).
   *
   * @return whether the table is now held (true also when an equal table was already held)
   * @throws IllegalArgumentException if the table belongs to another group
   */
  public boolean offer(RoutingTable table) {
    Objects.requireNonNull(table, "table");
    if (!table.group().equals(group)) {
      throw new IllegalArgumentException("table for group " + table.group()
          + " offered to the holder of " + group);
    }
    while (true) {
      RoutingTable held = current.get();
      if (held != null) {
        if (table.epoch() < held.epoch()) {
          return false;
        }
        if (table.epoch() == held.epoch()) {
          if (!table.sameTopology(held)) {
            return false;
          }
          if (table.equals(held)) {
            return true;
          }
        }
      }
      if (current.compareAndSet(held, table)) {
        return true;
      }
    }
  }
}
