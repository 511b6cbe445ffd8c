package io.belay.routing.impl;

import io.belay.routing.BackendRef;
import io.belay.routing.BackendView;
import io.belay.routing.NoReplicaBehaviour;
import io.belay.routing.ReadContext;
import io.belay.routing.ReadPolicy;
import io.belay.routing.ReadSelection;
import io.belay.routing.ReadSelection.Cause;
import io.belay.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;

/** The named read policies. Stateless: spreading state comes in the {@link ReadContext}. */
public enum ReadPresets implements ReadPolicy {

  MASTER("master") {
    @Override
    public ReadSelection select(RoutingTable table, ReadContext context) {
      return master(table, Cause.POLICY);
    }
  },

  PREFER_REPLICA("prefer-replica") {
    @Override
    public ReadSelection select(RoutingTable table, ReadContext context) {
      ReplicaCandidates candidates = ReplicaCandidates.of(table, context);
      if (!candidates.fresh().isEmpty()) {
        return spread(candidates.fresh(), context);
      }
      return master(table, whyNoReplica(candidates));
    }
  },

  REPLICA("replica") {
    @Override
    public ReadSelection select(RoutingTable table, ReadContext context) {
      ReplicaCandidates candidates = ReplicaCandidates.of(table, context);
      if (!candidates.fresh().isEmpty()) {
        return spread(candidates.fresh(), context);
      }
      return noFreshReplica(table, context, candidates);
    }
  },

  ANY("any") {
    @Override
    public ReadSelection select(RoutingTable table, ReadContext context) {
      ReplicaCandidates candidates = ReplicaCandidates.of(table, context);
      if (candidates.fresh().isEmpty()) {
        return master(table, whyNoReplica(candidates));
      }
      int choices = candidates.fresh().size() + (table.hasMaster() ? 1 : 0);
      int pick = context.spread().next(choices);
      if (pick == candidates.fresh().size()) {
        return new ReadSelection.Master(table.master(), Cause.POLICY);
      }
      return new ReadSelection.Replica(candidates.fresh().get(pick).backend());
    }
  },

  LEAST_LAG("least-lag") {
    @Override
    public ReadSelection select(RoutingTable table, ReadContext context) {
      ReplicaCandidates candidates = ReplicaCandidates.of(table, context);
      if (candidates.fresh().isEmpty()) {
        return noFreshReplica(table, context, candidates);
      }
      List<BackendView> least = new ArrayList<>(candidates.fresh().size());
      for (BackendView view : candidates.fresh()) {
        int order = least.isEmpty() ? 0 : LagOrder.INSTANCE.compare(view, least.get(0));
        if (order < 0) {
          least.clear();
        }
        if (order <= 0) {
          least.add(view);
        }
      }
      return spread(least, context);
    }
  };

  private final String configName;

  ReadPresets(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }

  private static ReadSelection spread(List<BackendView> replicas, ReadContext context) {
    BackendRef chosen = replicas.get(context.spread().next(replicas.size())).backend();
    return new ReadSelection.Replica(chosen);
  }

  private static ReadSelection master(RoutingTable table, Cause cause) {
    return table.hasMaster()
        ? new ReadSelection.Master(table.master(), cause)
        : new ReadSelection.Unavailable(Cause.NO_MASTER);
  }

  private static Cause whyNoReplica(ReplicaCandidates candidates) {
    return candidates.eligible().isEmpty()
        ? Cause.NO_ELIGIBLE_REPLICA : Cause.NOT_FRESH_FOR_SESSION;
  }

  /**
   * Replica-only policies without a fresh replica. A session waiting for its own write goes to
   * the master whatever the behaviour (DESIGN decision 4 pins it there); only a group with no
   * eligible replica at all is refused under {@link NoReplicaBehaviour#FAIL}.
   */
  private static ReadSelection noFreshReplica(RoutingTable table, ReadContext context,
      ReplicaCandidates candidates) {
    if (!candidates.eligible().isEmpty()) {
      return master(table, Cause.NOT_FRESH_FOR_SESSION);
    }
    if (context.noReplicaBehaviour() == NoReplicaBehaviour.FAIL) {
      return new ReadSelection.Unavailable(Cause.NO_ELIGIBLE_REPLICA);
    }
    return master(table, Cause.NO_ELIGIBLE_REPLICA);
  }
}
