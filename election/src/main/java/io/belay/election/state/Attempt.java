package io.belay.election.state;

import java.util.Objects;

/**
 * A failover attempt in progress, as recorded in the group's shared state so that the next
 * leader can see what the previous one was doing if it dies half-way.
 *
 * @param leader         Hazelcast member UUID of the node running it
 * @param leaderName     that node's name, for operators
 * @param kind           why it runs
 * @param phase          the failover state it reached (a {@code FailoverState} name)
 * @param candidate      the backend chosen for promotion, or null before selection
 * @param oldMaster      the master being replaced
 * @param promotionSent  whether the promote order may have reached the candidate: from then on
 *                       the candidate may already be a master, so a successor must finish the
 *                       job with it rather than pick another replica
 * @param startedAtMillis when the attempt claimed its epoch
 */
public record Attempt(
    String leader,
    String leaderName,
    FailoverKind kind,
    String phase,
    String candidate,
    String oldMaster,
    boolean promotionSent,
    long startedAtMillis) {

  public Attempt {
    Objects.requireNonNull(leader, "leader");
    Objects.requireNonNull(leaderName, "leaderName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(phase, "phase");
  }

  public Attempt inPhase(String newPhase) {
    return new Attempt(leader, leaderName, kind, newPhase, candidate, oldMaster, promotionSent,
        startedAtMillis);
  }

  public Attempt withCandidate(String id) {
    return new Attempt(leader, leaderName, kind, phase, id, oldMaster, promotionSent,
        startedAtMillis);
  }

  public Attempt promoting() {
    return new Attempt(leader, leaderName, kind, phase, candidate, oldMaster, true,
        startedAtMillis);
  }
}
