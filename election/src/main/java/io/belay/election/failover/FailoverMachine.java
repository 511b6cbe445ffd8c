package io.belay.election.failover;

import io.belay.election.EventType;
import io.belay.election.async.Deadline;
import io.belay.election.GroupSpec;
import io.belay.election.control.ControlException;
import io.belay.election.control.ReplicationState;
import io.belay.election.events.Descriptions;
import io.belay.election.probe.Observation;
import io.belay.election.state.Attempt;
import io.belay.election.state.FailoverKind;
import io.belay.election.state.GroupState;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failover (or planned switchover) attempt of one group, run by the leader: one method per
 * {@link FailoverState}, driven by {@link #advance}. Every step that changes what other nodes
 * may rely on is first written to the shared state by compare-and-set, so a successor that finds
 * the attempt half-done knows how far it got; every order to a backend carries the claimed epoch,
 * so a backend that already obeyed a newer leader refuses this one.
 *
 * <p>Runs on the election context; nothing blocks.
 */
public final class FailoverMachine {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverMachine.class);
  private static final long POLL_MILLIS = 20;
  /** The abort reason when the majority check failed: nothing was ordered to any backend. */
  public static final String NO_MAJORITY_ANSWER = "a majority did not answer";

  private final FailoverEnvironment env;
  private final GroupSpec spec;
  private final FailoverKind kind;
  private FailoverState state = FailoverState.WAIT_START;
  private GroupState shared;
  private BackendRef oldMaster;
  private BackendRef candidate;
  private boolean ended;

  public FailoverMachine(FailoverEnvironment env, FailoverKind kind) {
    this.env = env;
    this.spec = env.spec();
    this.kind = kind;
  }

  public FailoverState state() {
    return state;
  }

  public FailoverKind kind() {
    return kind;
  }

  /** Runs the attempt to its end; never fails, an abort is an outcome. */
  public Future<FailoverOutcome> run() {
    return advance(FailoverState.WAIT_START);
  }

  private Future<FailoverOutcome> advance(FailoverState next) {
    state = next;
    if (next == FailoverState.DONE) {
      ended = true;
      return Future.succeededFuture(new FailoverOutcome.Completed(candidate, shared.epoch()));
    }
    if (!env.leadership().leading()) {
      return abort(new Abort(EventType.FAILOVER_ABORTED, "not the leader of a majority"));
    }
    Future<FailoverState> step;
    try {
      step = dispatch(next);
    } catch (RuntimeException e) {
      step = Future.failedFuture(e);
    }
    return Deadline.within(env.vertx(), step, next.timeoutMillis(spec), "timed out in " + next)
        .transform(ar -> ar.succeeded() ? advance(ar.result()) : abort(ar.cause()));
  }

  private Future<FailoverState> dispatch(FailoverState s) {
    switch (s) {
      case WAIT_START:
        return waitStart();
      case SELECT_REPLICA:
        return selectReplica();
      case HOLD_WRITES:
        return holdWrites();
      case WAIT_CATCH_UP:
        return waitCatchUp();
      case SEND_PROMOTE:
        return sendPromote();
      case WAIT_PROMOTION:
        return waitPromotion();
      case RECONFIGURE_REPLICAS:
        return reconfigureReplicas();
      case PUBLISH_TABLE:
        return publishTable();
      default:
        throw new IllegalStateException("no step for " + s);
    }
  }

  private Future<FailoverState> waitStart() {
    return env.store().get(spec.name()).compose(found -> {
      GroupState s = found.orElseThrow(() -> new Abort(EventType.FAILOVER_ABORTED,
          "the group has no shared state yet"));
      Attempt previous = s.attempt();
      String me = env.leadership().localId();
      if (previous != null && !previous.leader().equals(me)
          && env.leadership().isMember(previous.leader())) {
        throw new Abort(EventType.FAILOVER_ABORTED, previous.leaderName() + " is running one");
      }
      oldMaster = spec.backend(s.master()).orElseThrow(() -> new Abort(
          EventType.FAILOVER_ABORTED, "master " + s.master() + " is not configured"));
      long epoch = Math.max(s.epoch(), env.knownEpoch()) + 1;
      // a predecessor that may have promoted its candidate hands it over
      boolean inherited = previous != null && previous.promotionSent();
      Attempt attempt = new Attempt(me, env.leadership().localName(), kind,
          FailoverState.SELECT_REPLICA.name(), inherited ? previous.candidate() : null,
          s.master(), inherited, System.currentTimeMillis());
      return install(s, s.claim(epoch, attempt), "epoch " + epoch + " was claimed first")
          .map(v -> {
            emit(EventType.NEW_EPOCH, Long.toString(epoch));
            emit(EventType.TRY_FAILOVER, masterDescription());
            emit(EventType.ELECTED_LEADER, masterDescription());
            return FailoverState.SELECT_REPLICA;
          });
    });
  }

  private Future<FailoverState> selectReplica() {
    emit(EventType.FAILOVER_STATE_SELECT_REPLICA, masterDescription());
    FailoverState next = kind == FailoverKind.SWITCHOVER
        ? FailoverState.HOLD_WRITES : FailoverState.SEND_PROMOTE;
    Optional<BackendRef> inherited = Optional.ofNullable(shared.attempt().candidate())
        .flatMap(spec::backend).filter(b -> env.observe(b).up());
    if (inherited.isPresent()) {
      candidate = inherited.get();
    } else {
      candidate = choose().backend();
    }
    return record(a -> a.withCandidate(candidate.id()).inPhase(next.name())).map(v -> {
      emit(EventType.SELECTED_REPLICA, replicaDescription(candidate));
      return next;
    });
  }

  private ReplicaCandidate choose() {
    long now = System.currentTimeMillis();
    Observation master = env.observe(oldMaster);
    long masterDown = master.down() ? now - master.downSinceMillis() : 0;
    ReplicaSelector.Limits limits = new ReplicaSelector.Limits(masterDown,
        spec.downAfter().toMillis(),
        Math.max(5 * spec.probeInterval().toMillis(), spec.downAfter().toMillis()));
    List<ReplicaCandidate> candidates = new ArrayList<>();
    StringBuilder rejected = new StringBuilder();
    for (BackendRef b : spec.backends()) {
      if (b.equals(oldMaster)) {
        continue;
      }
      ReplicaCandidate c = ReplicaCandidate.of(env.observe(b), now);
      candidates.add(c);
      ReplicaSelector.rejection(c, limits)
          .ifPresent(why -> rejected.append(' ').append(b.id()).append(": ").append(why));
    }
    ReplicaCandidate best = ReplicaSelector.select(candidates, limits).orElseThrow(
        () -> new Abort(EventType.NO_GOOD_REPLICA, masterDescription() + rejected));
    if (kind == FailoverKind.FAILOVER && spec.dataLossBudget() != GroupSpec.UNLIMITED) {
      long masterOffset = master.lastReachable() == null ? -1
          : master.lastReachable().masterReplOffset();
      long loss = ReplicaSelector.expectedLoss(masterOffset, best.offset());
      if (loss > spec.dataLossBudget()) {
        throw new Abort(EventType.DATA_LOSS_TOO_HIGH, masterDescription() + " best replica "
            + best.backend().id() + " is " + loss + " bytes behind, budget "
            + spec.dataLossBudget() + "; waiting for an operator");
      }
    }
    return best;
  }

  private Future<FailoverState> holdWrites() {
    if (shared.holdWrites()) {
      return Future.succeededFuture(FailoverState.WAIT_CATCH_UP);
    }
    GroupState held = shared.holdingWrites()
        .withAttempt(shared.attempt().inPhase(FailoverState.WAIT_CATCH_UP.name()));
    return install(shared, held, "the shared state changed").map(v -> {
      emit(EventType.WRITES_HELD, masterDescription());
      // a client connected to the master directly must not add writes the replica will miss
      env.control(oldMaster)
          .pauseWrites(spec.failoverTimeout().toMillis() + spec.lease().toMillis())
          .onFailure(e -> LOG.debug("{}: CLIENT PAUSE refused: {}", spec.name(), e.getMessage()));
      return FailoverState.WAIT_CATCH_UP;
    });
  }

  private Future<FailoverState> waitCatchUp() {
    return poll(() -> Future.all(env.control(oldMaster).replication(),
            env.control(candidate).replication())
        .map(both -> {
          ReplicationState m = both.resultAt(0);
          ReplicationState r = both.resultAt(1);
          return r.role() == BackendRole.REPLICA && r.linkUp() && r.offset() >= m.offset();
        }), caughtUp -> caughtUp)
        .map(v -> FailoverState.SEND_PROMOTE);
  }

  private Future<FailoverState> sendPromote() {
    // A node that left may still route writes to the old master until its lease ends.
    long lastLoss = env.leadership().lastMemberLossMillis();
    long wait = lastLoss == 0 ? 0
        : lastLoss + spec.lease().toMillis() - System.currentTimeMillis();
    return delay(wait)
        .compose(v -> env.confirmMajority())
        .compose(confirmed -> {
          if (!confirmed) {
            throw new Abort(EventType.FAILOVER_ABORTED, NO_MAJORITY_ANSWER);
          }
          return record(a -> a.promoting().inPhase(FailoverState.SEND_PROMOTE.name()));
        })
        .compose(v -> {
          emit(EventType.FAILOVER_STATE_SEND_PROMOTE, replicaDescription(candidate));
          return env.control(candidate).promote(shared.epoch());
        })
        .map(v -> FailoverState.WAIT_PROMOTION);
  }

  private Future<FailoverState> waitPromotion() {
    emit(EventType.FAILOVER_STATE_WAIT_PROMOTION, replicaDescription(candidate));
    return poll(() -> env.control(candidate).replication()
        .map(r -> r.role() == BackendRole.MASTER), promoted -> promoted)
        .map(v -> {
          emit(EventType.PROMOTED_REPLICA, replicaDescription(candidate));
          return FailoverState.RECONFIGURE_REPLICAS;
        });
  }

  private Future<FailoverState> reconfigureReplicas() {
    emit(EventType.FAILOVER_STATE_RECONF_REPLICAS, masterDescription());
    long epoch = shared.epoch();
    List<Future<Void>> orders = new ArrayList<>();
    for (BackendRef b : spec.backends()) {
      if (b.equals(candidate) || !env.observe(b).up()) {
        // a backend that is down now gets its order when it returns (Reconciler), and until
        // it follows the new master no table marks it up
        continue;
      }
      orders.add(env.control(b).replicaOf(epoch, candidate)
          .map(v -> {
            emit(EventType.REPLICA_RECONF_SENT, Descriptions.replica(b, spec.name(), candidate));
            return (Void) null;
          })
          .recover(e -> {
            if (e instanceof ControlException c && c.fenced()) {
              return Future.failedFuture(new Abort(EventType.FAILOVER_ABORTED, e.getMessage()));
            }
            LOG.warn("{}: could not reconfigure {}: {}", spec.name(), b, e.getMessage());
            return Future.succeededFuture();
          }));
    }
    return Future.all(orders).map(v -> {
      if (kind == FailoverKind.SWITCHOVER) {
        env.control(oldMaster).unpauseWrites();
      }
      return FailoverState.PUBLISH_TABLE;
    });
  }

  private Future<FailoverState> publishTable() {
    List<String> all = spec.backends().stream().map(BackendRef::id).toList();
    return env.store().compareAndSet(shared, shared.published(candidate.id(), all))
        .compose(done -> done ? Future.succeededFuture(true) : retryPublish(all))
        .map(v -> {
          emit(EventType.FAILOVER_END, masterDescription());
          return FailoverState.DONE;
        });
  }

  /** Another node may have raised the epoch under a running attempt; publish above it. */
  private Future<Boolean> retryPublish(List<String> all) {
    return env.store().get(spec.name()).compose(found -> {
      GroupState fresh = found.orElse(null);
      String me = env.leadership().localId();
      if (fresh == null || fresh.attempt() == null || !fresh.attempt().leader().equals(me)) {
        throw new Abort(EventType.FAILOVER_ABORTED, "superseded by another attempt");
      }
      return install(fresh, fresh.published(candidate.id(), all), "the shared state changed")
          .map(v -> true);
    });
  }

  private Future<FailoverOutcome> abort(Throwable cause) {
    Abort abort = cause instanceof Abort a ? a
        : new Abort(EventType.FAILOVER_ABORTED, String.valueOf(cause.getMessage()));
    FailoverState reached = state;
    ended = true;
    emit(abort.type, abort.getMessage());
    LOG.info("{}: {} attempt aborted in {}: {}", spec.name(), kind, reached, abort.getMessage());
    if (kind == FailoverKind.SWITCHOVER && oldMaster != null) {
      env.control(oldMaster).unpauseWrites();
    }
    String me = env.leadership().localId();
    return env.store().get(spec.name())
        .compose(found -> {
          GroupState s = found.orElse(null);
          if (s == null || s.attempt() == null || !s.attempt().leader().equals(me)) {
            return Future.succeededFuture(false);
          }
          return env.store().compareAndSet(s, s.aborted());
        })
        .otherwise(false)
        .map(v -> new FailoverOutcome.Aborted(reached, abort.getMessage()));
  }

  private Future<Void> record(Function<Attempt, Attempt> change) {
    return install(shared, shared.withAttempt(change.apply(shared.attempt())),
        "the shared state changed");
  }

  private Future<Void> install(GroupState expected, GroupState next, String conflict) {
    return env.store().compareAndSet(expected, next).map(done -> {
      if (!done) {
        throw new Abort(EventType.FAILOVER_ABORTED, conflict);
      }
      shared = next;
      return null;
    });
  }

  /** Asks until {@code done} holds; the phase timeout ends a poll that never succeeds. */
  private <T> Future<Void> poll(Supplier<Future<T>> ask, Predicate<T> done) {
    Promise<Void> result = Promise.promise();
    pollOnce(ask, done, result);
    return result.future();
  }

  private <T> void pollOnce(Supplier<Future<T>> ask, Predicate<T> done, Promise<Void> result) {
    FailoverState polling = state;
    ask.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        result.tryComplete();
      } else if (!ended && state == polling) {
        env.vertx().setTimer(POLL_MILLIS, t -> pollOnce(ask, done, result));
      }
    });
  }

  private Future<Void> delay(long millis) {
    if (millis <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    env.vertx().setTimer(millis, t -> p.complete());
    return p.future();
  }

  private void emit(EventType type, String description) {
    env.emit(type, description, shared == null ? -1 : shared.epoch());
  }

  private String masterDescription() {
    return oldMaster == null ? "master " + spec.name()
        : Descriptions.master(spec.name(), oldMaster);
  }

  private String replicaDescription(BackendRef replica) {
    return Descriptions.replica(replica, spec.name(), oldMaster);
  }

  /** Ends an attempt with the event Sentinel would emit. */
  static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient EventType type;

    Abort(EventType type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }
}
