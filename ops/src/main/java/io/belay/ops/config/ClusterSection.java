package io.belay.ops.config;

import java.util.List;
import java.util.Objects;

/**
 * The Belay nodes that decide failovers together.
 *
 * @param name    cluster name; nodes with another name never join
 * @param port    this node's membership port
 * @param members every member's membership address, this node's included; majorities and
 *                quorums count against this list
 */
public record ClusterSection(String name, int port, List<HostPort> members) {

  public static final String DEFAULT_NAME = "belay";
  public static final int DEFAULT_PORT = 5701;

  public ClusterSection {
    Objects.requireNonNull(name, "name");
    Ports.check(port);
    members = List.copyOf(members);
  }

  /** Members needed for a majority: more than half of the configured members. */
  public int majority() {
    return members.size() / 2 + 1;
  }
}
