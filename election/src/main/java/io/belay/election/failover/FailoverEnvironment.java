package io.belay.election.failover;

import io.belay.election.EventType;
import io.belay.election.GroupSpec;
import io.belay.election.cluster.Leadership;
import io.belay.election.control.BackendControl;
import io.belay.election.probe.Observation;
import io.belay.election.state.GroupStateStore;
import io.belay.routing.BackendRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What a failover attempt works with; the group monitor provides it, tests provide fakes. Every
 * method is called on the election context and must not block.
 */
public interface FailoverEnvironment {

  Vertx vertx();

  GroupSpec spec();

  Leadership leadership();

  GroupStateStore store();

  BackendControl control(BackendRef backend);

  /** This node's current knowledge of {@code backend}. */
  Observation observe(BackendRef backend);

  /**
   * The highest epoch this node knows of outside the shared state: the table its proxies hold
   * and the epochs backends report. A claim goes above all of them.
   */
  long knownEpoch();

  void emit(EventType type, String description, long epoch);

  /**
   * Asks the other members whether they still hear this node; completes with whether a
   * majority, this node included, answered. Called right before a promotion is ordered.
   */
  Future<Boolean> confirmMajority();
}
