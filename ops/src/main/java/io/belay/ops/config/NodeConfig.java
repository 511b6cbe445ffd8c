package io.belay.ops.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One production node's configuration, as read from {@code belay node --config belay.yaml}
 * and validated by {@link ConfigLoader}: every value is present, in range and consistent.
 */
public record NodeConfig(NodeSection node, ClusterSection cluster, List<GroupConfig> groups) {

  public NodeConfig {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(cluster, "cluster");
    groups = List.copyOf(groups);
  }

  public Optional<GroupConfig> group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }
}
