package io.belay.ops.launch;

import io.belay.election.GroupSpec;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.HostPort;
import io.belay.routing.BackendRef;
import io.belay.routing.Consistency;
import io.belay.routing.Durability;
import io.belay.routing.MaxReplicaLag;
import io.belay.routing.ReadPolicy;
import io.belay.routing.RoutingSettings;
import java.util.List;

/** Configuration values turned into the types of the modules that use them. */
final class Translate {

  private Translate() {
  }

  static BackendRef ref(HostPort hp) {
    return new BackendRef(hp.host() + ":" + hp.port(), hp.host(), hp.port());
  }

  static List<BackendRef> refs(List<HostPort> addresses) {
    return addresses.stream().map(Translate::ref).toList();
  }

  static RoutingSettings routing(GroupConfig g) {
    return RoutingSettings.DEFAULTS
        .withReadPolicy(ReadPolicy.fromConfigName(g.readPolicy().configName()))
        .withMaxReplicaLag(MaxReplicaLag.ofTime(g.maxReplicaLag()))
        .withConsistency(Consistency.fromConfigName(g.consistency().configName()))
        .withDurability(durability(g.durability()));
  }

  static Durability durability(io.belay.ops.config.Durability d) {
    return d.isAsync() ? Durability.ASYNC : Durability.fromConfigName("replica-ack:" + d.replicaAcks());
  }

  static GroupSpec election(GroupConfig g) {
    return GroupSpec.of(g.name(), refs(g.backends()), g.quorum()).withDownAfter(g.downAfter());
  }
}
