package io.belay.ops.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One master/replica group as this node sees it.
 *
 * @param name          the group name from configuration
 * @param epoch         the epoch of the routing table this node's proxy holds
 * @param leader        the Belay node that leads failovers now; empty while no node may lead
 *                      (no majority, or an election under way)
 * @param settings      the routing settings in force
 * @param commandsTotal commands the proxy has answered for this group since the process
 *                      started; a counter, so a reader derives commands per second from two
 *                      snapshots
 * @param backends      every backend of the group, master first is customary but not required
 */
public record GroupView(
    String name,
    long epoch,
    Optional<String> leader,
    GroupSettings settings,
    long commandsTotal,
    List<BackendView> backends) {

  public GroupView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(leader, "leader");
    Objects.requireNonNull(settings, "settings");
    backends = List.copyOf(Objects.requireNonNull(backends, "backends"));
  }

  /** The backend the routing table names as master, if the table has one. */
  public Optional<BackendView> master() {
    return backends.stream().filter(backend -> backend.role() == BackendView.Role.MASTER)
        .findFirst();
  }
}
