package io.belay.ops.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What this node knows about every group at one moment: the routing table it holds, the
 * settings in force and what the probes last saw of each backend.
 *
 * @param groups every configured group, in configuration order
 */
public record Topology(List<GroupView> groups) {

  public Topology {
    groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
  }

  public Optional<GroupView> group(String name) {
    return groups.stream().filter(group -> group.name().equals(name)).findFirst();
  }
}
