package io.belay.election.monitor;

import io.belay.election.EventType;
import io.belay.election.GroupSpec;
import io.belay.election.events.Descriptions;
import io.belay.election.failover.FailoverMachine;
import io.belay.election.failover.FailoverOutcome;
import io.belay.election.failover.FailoverState;
import io.belay.election.probe.Observation;
import io.belay.election.state.Attempt;
import io.belay.election.state.FailoverKind;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one group needs from the leader, checked every tick: the first decision about the group
 * ({@link Bootstrap}), a failover when the master is objectively down, taking over an attempt
 * whose leader left, operator requests, and demoting or repointing backends that disagree with
 * the shared state ({@link Reconciler}). Raising the epoch over a table some node already holds
 * (see {@link #maybeBump}) is the one duty every majority member performs.
 */
public final class LeaderDuties {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderDuties.class);

  private final GroupMonitor group;
  private final GroupSpec spec;
  private final Map<String, Long> orderedAt = new HashMap<>();
  private FailoverMachine machine;
  private boolean busy;
  private long retryAfter;
  private long tableChangedAt;
  private long lastTableEpoch = -1;
  private BackendRef promotedHere;
  private String lastUndecided;

  LeaderDuties(GroupMonitor group) {
    this.group = group;
    this.spec = group.spec();
  }

  void tick(long now) {
    if (busy) {
      return;
    }
    GroupState s = group.state();
    if (s != null && s.tableEpoch() != lastTableEpoch) {
      lastTableEpoch = s.tableEpoch();
      tableChangedAt = now;
    }
    if (!group.leadership().leading()) {
      maybeBump(s);
      return;
    }
    if (machine != null) {
      return;
    }
    if (s == null) {
      bootstrap();
    } else if (s.attempt() != null) {
      takeover(s, now);
    } else if ((group.objectivelyDown() || group.masterBehindReplicas()) && now >= retryAfter) {
      run(FailoverKind.FAILOVER);
    } else {
      maybeBump(s);
      reconcile(s, now);
    }
  }

  /** The phase of the attempt this node runs, or null. */
  public FailoverState failoverState() {
    return machine == null ? null : machine.state();
  }

  /** Whether this node ran the failover that made {@code master} the master. */
  boolean promotedHere(BackendRef master) {
    return master.equals(promotedHere);
  }

  /**
   * The shared state is gone while this node holds one: Hazelcast lost the partition that kept
   * it, with a member that left before its backup was made (a member crashing while the cluster
   * is still migrating after it formed). Nothing could then claim an epoch or finish an attempt,
   * since both compare against the stored state. The leader puts back the last state it saw;
   * the next tick carries on from it (an attempt whose leader left is finished or undone, and an
   * epoch some node already holds above it is bumped over, as after any stale state).
   */
  void restore(GroupState last) {
    if (busy || !group.leadership().leading()) {
      return;
    }
    busy = true;
    putBack(last).onComplete(ar -> busy = false);
  }

  private Future<Void> putBack(GroupState last) {
    return group.store().compareAndSet(null, last).map(done -> {
      if (done) {
        LOG.warn("{}: the shared state was lost with a member's partition; restored the last one seen (epoch {})",
            spec.name(), last.epoch());
      }
      return null;
    });
  }

  /** Allows an immediate retry and a fresh look at the backends (SENTINEL RESET). */
  public void reset() {
    retryAfter = 0;
    orderedAt.clear();
    lastUndecided = null;
  }

  /** Runs an operator's switchover or forced failover; only the leader can. */
  public Future<Void> request(FailoverKind kind) {
    GroupState s = group.state();
    if (!group.leadership().leading()) {
      return Future.failedFuture("NOTLEADER this node is not the leader of a majority");
    }
    if (s == null) {
      return Future.failedFuture("NOMASTER no master is known yet for " + spec.name());
    }
    if (machine != null || s.attempt() != null || busy) {
      return Future.failedFuture("INPROG Failover already in progress");
    }
    if (kind == FailoverKind.SWITCHOVER && !group.observe(group.master()).up()) {
      return Future.failedFuture("MASTERDOWN the master is down; a failover is needed instead");
    }
    return run(kind).compose(outcome -> outcome instanceof FailoverOutcome.Aborted a
        ? Future.failedFuture("NOGOODSLAVE " + a.reason())
        : Future.succeededFuture());
  }

  private Future<FailoverOutcome> run(FailoverKind kind) {
    FailoverMachine m = new FailoverMachine(group, kind);
    machine = m;
    return m.run().andThen(ar -> {
      machine = null;
      if (ar.succeeded() && ar.result() instanceof FailoverOutcome.Completed c) {
        promotedHere = c.master();
        retryAfter = 0;
      } else if (ar.succeeded() && ar.result() instanceof FailoverOutcome.Aborted a
          && a.reason().startsWith(FailoverMachine.NO_MAJORITY_ANSWER)) {
        // stopped before any backend was touched: try again as soon as down-after allows
        retryAfter = System.currentTimeMillis() + spec.downAfter().toMillis();
      } else {
        // Sentinel waits twice the failover timeout; one is plenty when attempts are cheap
        retryAfter = System.currentTimeMillis() + spec.failoverTimeout().toMillis();
      }
      group.fetchState();
    });
  }

  private void bootstrap() {
    for (BackendRef b : spec.backends()) {
      Observation o = group.observe(b);
      if (!o.latest().reachable() && !o.down()) {
        return; // not every backend has been heard from or given up on yet
      }
    }
    busy = true;
    group.store().get(spec.name()).compose(found -> {
      if (found.isPresent()) {
        group.onState(found.get());
        return Future.succeededFuture();
      }
      Bootstrap.Discovery d = Bootstrap.discover(spec, group::observe, group.knownEpoch());
      if (d instanceof Bootstrap.Discovery.Undecided u) {
        if (!u.reason().equals(lastUndecided)) {
          lastUndecided = u.reason();
          LOG.warn("{}: cannot tell which backend is the master: {}", spec.name(), u.reason());
        }
        return Future.succeededFuture();
      }
      GroupState first = ((Bootstrap.Discovery.Found) d).state();
      return group.store().compareAndSet(null, first).compose(done -> {
        if (done) {
          BackendRef m = spec.backend(first.master()).orElseThrow();
          group.emitEvent(EventType.NEW_EPOCH, Long.toString(first.epoch()));
          LOG.info("{}: master is {} in epoch {}", spec.name(), m, first.epoch());
          group.onState(first);
          return Future.succeededFuture();
        }
        return group.store().get(spec.name()).map(s -> {
          s.ifPresent(group::onState);
          return null;
        });
      });
    }).onComplete(ar -> {
      busy = false;
      if (ar.failed()) {
        LOG.debug("{}: bootstrap failed: {}", spec.name(), ar.cause().getMessage());
      }
    });
  }

  /**
   * An attempt is recorded but this node does not run it. If its leader left: a promotion that
   * may have happened is finished (with the same candidate), anything earlier is undone. A
   * leader that is still a member but no longer leads aborts by itself; if it does not within
   * three failover timeouts, its record is cleared.
   */
  private void takeover(GroupState seen, long now) {
    Attempt a = seen.attempt();
    boolean alive = !a.leader().equals(group.leadership().localId())
        && group.leadership().isMember(a.leader());
    if ((alive && now - a.startedAtMillis() < 3 * spec.failoverTimeout().toMillis())
        || now < retryAfter) {
      return;
    }
    // act on the stored state, not on a change event that may have been overtaken
    busy = true;
    group.store().get(spec.name()).compose(found -> {
      GroupState s = found.orElse(null);
      if (s == null) {
        return putBack(seen);
      }
      if (s.attempt() == null || !s.attempt().equals(a)) {
        group.onState(s);
        return Future.succeededFuture();
      }
      if (!alive && a.promotionSent()) {
        LOG.info("{}: finishing the failover {} left in {}", spec.name(), a.leaderName(),
            a.phase());
        run(a.kind());
        return Future.succeededFuture();
      }
      return group.store().compareAndSet(s, s.aborted()).map(done -> {
        if (done) {
          group.emitEvent(EventType.FAILOVER_ABORTED, Descriptions.master(spec.name(),
              group.master()) + " leader " + a.leaderName() + " left in " + a.phase());
          group.onState(s.aborted());
        }
        return null;
      });
    }).onComplete(ar -> {
      busy = false;
      if (ar.failed()) {
        LOG.debug("{}: takeover failed: {}", spec.name(), ar.cause().getMessage());
      }
    });
  }

  /**
   * Some node holds a table at or above the shared table epoch with another topology: it offered
   * a masterless table while cut off, or it outlived a reset of the shared state. Holders never
   * take a different topology in an epoch they hold, so the only way forward is the same
   * topology in a higher epoch, claimed like any other epoch. Only while the master is
   * confirmed in its role.
   */
  void maybeBump(GroupState s) {
    if (s == null || s.attempt() != null || s.holdWrites() || busy) {
      return;
    }
    if (group.holder().epoch() < s.tableEpoch() || group.offerTable()) {
      return;
    }
    BackendRef m = group.master();
    Observation o = m == null ? null : group.observe(m);
    if (o == null || !o.up() || o.latest().role() != BackendRole.MASTER) {
      return;
    }
    busy = true;
    group.store().get(spec.name()).compose(found -> {
      GroupState fresh = found.orElse(null);
      long held = group.holder().epoch();
      if (fresh == null || fresh.attempt() != null || fresh.holdWrites()
          || fresh.tableEpoch() > held || !fresh.master().equals(s.master())) {
        found.ifPresent(group::onState);
        return Future.succeededFuture();
      }
      GroupState next = fresh.bumped(Math.max(fresh.epoch(), held) + 1);
      return group.store().compareAndSet(fresh, next).map(done -> {
        if (done) {
          group.emitEvent(EventType.NEW_EPOCH, Long.toString(next.epoch()));
          group.onState(next);
        }
        return null;
      });
    }).onComplete(ar -> busy = false);
  }

  private void reconcile(GroupState s, long now) {
    // let backends settle into a new topology before judging them by it
    if (now - tableChangedAt < spec.downAfter().toMillis()) {
      return;
    }
    long cooldown = Math.max(1_000, 2 * spec.downAfter().toMillis());
    for (Reconciler.Order order : Reconciler.plan(spec, s, group::observe)) {
      String id = order.backend().id();
      Long last = orderedAt.get(id);
      if (last != null && now - last < cooldown) {
        continue;
      }
      orderedAt.put(id, now);
      group.emitEvent(order.event(),
          Descriptions.replica(order.backend(), spec.name(), order.master()));
      group.control(order.backend()).replicaOf(order.epoch(), order.master())
          .onFailure(e -> LOG.warn("{}: could not make {} a replica of {}: {}", spec.name(),
              order.backend(), order.master(), e.getMessage()));
    }
  }
}
