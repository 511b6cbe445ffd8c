package io.belay.ops.config.impl;

import io.belay.ops.config.ByteSize;
import io.belay.ops.config.Consistency;
import io.belay.ops.config.DataLossBudget;
import io.belay.ops.config.Durability;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.ReadPolicy;
import io.belay.ops.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A node configuration file exactly as written: any value may be missing (null). {@link
 * NodeConfigValidator} turns it into a complete {@link io.belay.ops.config.NodeConfig}.
 * Component names become kebab-case keys ({@code downAfter} is {@code down-after}).
 */
public record NodeDocument(Node node, Cluster cluster, List<Group> groups) {

  /** The {@code node:} section. */
  public record Node(String name, HostPort http, Secret adminToken) {
  }

  /** The {@code cluster:} section. */
  public record Cluster(String name, Integer port, List<HostPort> members) {
  }

  /** One entry of {@code groups:}. */
  public record Group(
      String name,
      HostPort listen,
      List<HostPort> backends,
      List<HostPort> embedded,
      Integer quorum,
      Duration downAfter,
      ReadPolicy readPolicy,
      Duration maxReplicaLag,
      Consistency consistency,
      Durability durability,
      Duration holdWrites,
      Secret requirepass,
      Secret masterauth,
      Integer minReplicasToWrite,
      Duration minReplicasMaxLag,
      Duration probeInterval,
      Duration failoverTimeout,
      DataLossBudget dataLossBudget,
      Path notificationScript,
      Path clientReconfigScript,
      List<URI> webhooks,
      Integer maxclients,
      Duration timeout,
      ByteSize clientOutputBufferLimit,
      Tls tls) {
  }

  /** A group's {@code tls:} mapping. */
  public record Tls(Path cert, Path key) {
  }
}
