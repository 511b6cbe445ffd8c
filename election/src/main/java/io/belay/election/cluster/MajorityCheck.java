package io.belay.election.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.vertx.core.Future;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Confirms, right before a leader orders a promotion, that a majority of the configured members
 * still answers it. A member cut off by a fresh partition keeps listing the others until its
 * heartbeat timeout and could, during that window, write to partitions it owns; asking every
 * member for an answer closes the window, since a cut-off leader gets no answers and stops
 * before it touches a backend (Raft's leaders check their quorum the same way).
 */
public final class MajorityCheck {

  static final String EXECUTOR = "belay.majority";

  private final HazelcastInstance hazelcast;
  private final HazelcastCalls calls;
  private final int majoritySize;

  public MajorityCheck(HazelcastInstance hazelcast, HazelcastCalls calls, int majoritySize) {
    this.hazelcast = hazelcast;
    this.calls = calls;
    this.majoritySize = majoritySize;
  }

  /** Completes with whether a majority, this node included, answered within the timeout. */
  public Future<Boolean> confirm(long timeoutMillis) {
    return calls.call(() -> {
      Member self = hazelcast.getCluster().getLocalMember();
      List<Member> others = new ArrayList<>();
      for (Member m : hazelcast.getCluster().getMembers()) {
        if (!m.equals(self)) {
          others.add(m);
        }
      }
      int answered = 1;
      if (answered >= majoritySize) {
        return true;
      }
      if (others.isEmpty()) {
        return false;
      }
      IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
      Map<Member, java.util.concurrent.Future<Boolean>> replies =
          executor.submitToMembers(new Answer(), others);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      for (java.util.concurrent.Future<Boolean> reply : replies.values()) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0 && Boolean.TRUE.equals(reply.get(left, TimeUnit.NANOSECONDS))) {
            answered++;
          }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // a member that does not answer does not count
        }
        if (answered >= majoritySize) {
          return true;
        }
      }
      return false;
    });
  }

  /** What each member runs: nothing but an answer. */
  static final class Answer implements Callable<Boolean>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean call() {
      return Boolean.TRUE;
    }
  }
}
