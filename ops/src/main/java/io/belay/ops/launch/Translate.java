package io.belay.ops.launch;

import io.belay.election.GroupSpec;
import io.belay.election.Hooks;
import io.belay.ops.config.ClientLimits;
import io.belay.ops.config.FailoverSettings;
import io.belay.ops.config.GroupConfig;
import io.belay.ops.config.HookSettings;
import io.belay.ops.config.HostPort;
import io.belay.proxy.ClientTls;
import io.belay.proxy.ProxyOptions;
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
    FailoverSettings f = g.failover();
    return GroupSpec.of(g.name(), refs(g.backends()), g.quorum())
        .withDownAfter(g.downAfter())
        .withProbeInterval(f.probeInterval())
        .withFailoverTimeout(f.failoverTimeout())
        .withDataLossBudget(f.dataLossBudget().isUnlimited() ? GroupSpec.UNLIMITED
            : f.dataLossBudget().bytes())
        .withHooks(hooks(g.hooks()));
  }

  static Hooks hooks(HookSettings h) {
    Hooks hooks = Hooks.NONE.withWebhooks(h.webhooks());
    if (h.notificationScript().isPresent()) {
      hooks = hooks.withNotificationScript(h.notificationScript().get());
    }
    if (h.clientReconfigScript().isPresent()) {
      hooks = hooks.withClientReconfigScript(h.clientReconfigScript().get());
    }
    return hooks;
  }

  /** The proxy's options for the group, before the launcher's choice of event loops. */
  static ProxyOptions proxy(GroupConfig g) {
    ClientLimits c = g.clients();
    long outputLimit = c.clientOutputBufferLimit().bytes();
    ProxyOptions options = ProxyOptions.defaults(g.listen().host(), g.listen().port())
        .withHoldWrites(g.holdWrites())
        .withMaxClients(c.maxclients())
        .withIdleTimeout(c.timeout())
        // 0 is redis.conf's "no limit"
        .withClientOutputBufferLimit(outputLimit == 0 ? Long.MAX_VALUE : outputLimit);
    if (g.requirepass().isPresent()) {
      options = options.withRequirePass(g.requirepass().get().value());
    }
    if (g.masterauth().isPresent()) {
      options = options.withBackendAuth(null, g.masterauth().get().value());
    }
    if (g.tls().isPresent()) {
      options = options.withTls(new ClientTls(g.tls().get().cert(), g.tls().get().key()));
    }
    return options;
  }
}
