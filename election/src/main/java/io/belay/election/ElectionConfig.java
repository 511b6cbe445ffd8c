package io.belay.election;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one node's election needs; the ops module maps the YAML file to it.
 *
 * @param clusterName     the Hazelcast cluster name; nodes with another name never join
 * @param memberAddresses {@code host:port} of every configured member, this node included; the
 *                        majority is computed from this list, never from who happens to be
 *                        connected. Empty or one entry means single-member mode: no discovery,
 *                        and this node alone is the majority
 * @param nodeName        this node's name, shown to operators and in {@code SENTINEL sentinels}
 * @param bindPort        the port this node's Hazelcast member listens on
 * @param groups          the groups to watch
 */
public record ElectionConfig(
    String clusterName,
    List<String> memberAddresses,
    String nodeName,
    int bindPort,
    List<GroupSpec> groups) {

  public ElectionConfig {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(nodeName, "nodeName");
    memberAddresses = List.copyOf(memberAddresses);
    groups = List.copyOf(groups);
    if (clusterName.isEmpty() || nodeName.isEmpty()) {
      throw new IllegalArgumentException("cluster and node names must not be empty");
    }
    if (bindPort < 1 || bindPort > 65535) {
      throw new IllegalArgumentException("bind port out of range: " + bindPort);
    }
    Set<String> seen = new HashSet<>();
    for (String address : memberAddresses) {
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new IllegalArgumentException("member address must be host:port: " + address);
      }
      Integer.parseInt(address.substring(colon + 1));
      if (!seen.add(address)) {
        throw new IllegalArgumentException("member " + address + " is listed twice");
      }
    }
    Set<String> names = new HashSet<>();
    for (GroupSpec g : groups) {
      if (!names.add(g.name())) {
        throw new IllegalArgumentException("group " + g.name() + " is configured twice");
      }
    }
  }

  /** The embedded default: one member on {@code 127.0.0.1:bindPort}, no discovery. */
  public static ElectionConfig singleMember(String nodeName, int bindPort,
      List<GroupSpec> groups) {
    return new ElectionConfig("belay", List.of(), nodeName, bindPort, groups);
  }

  /** How many members the cluster is configured with; at least one (this node). */
  public int clusterSize() {
    return Math.max(1, memberAddresses.size());
  }

  /** The fewest members that make a majority of the configured cluster. */
  public int majority() {
    return clusterSize() / 2 + 1;
  }

  public boolean singleMemberMode() {
    return memberAddresses.size() <= 1;
  }
}
