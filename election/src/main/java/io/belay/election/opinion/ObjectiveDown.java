package io.belay.election.opinion;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's side of the opinion board: publishes this node's subjective-down opinions (and
 * refreshes them well within their TTL) and decides objective down for the master by counting
 * the opinions of the current members. At most one count is in flight at a time, so a slow
 * Hazelcast cannot make counts pile up.
 */
public final class ObjectiveDown {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectiveDown.class);

  private final OpinionBoard board;
  private final String group;
  private final int quorum;
  private final Set<String> downHere = new HashSet<>();
  private boolean counting;
  private int lastCount;

  public ObjectiveDown(OpinionBoard board, String group, int quorum) {
    this.board = board;
    this.group = group;
    this.quorum = quorum;
  }

  public int quorum() {
    return quorum;
  }

  /** The number of opinions found by the latest count. */
  public int lastCount() {
    return lastCount;
  }

  /** This node's opinion of {@code backend} changed; shares it when {@code share} is true. */
  public void local(String backend, boolean down, boolean share) {
    boolean changed = down ? downHere.add(backend) : downHere.remove(backend);
    if (changed && share) {
      publish(backend, down);
    }
  }

  /** Re-publishes every opinion this node holds, so none expires while it still holds. */
  public void refresh() {
    for (String backend : downHere) {
      publish(backend, true);
    }
  }

  public boolean downHere(String backend) {
    return downHere.contains(backend);
  }

  /**
   * Counts the opinions that {@code backend} is down among {@code members}; completes with
   * whether they reach the quorum, or with null when a count is already under way.
   */
  public Future<Boolean> evaluate(String backend, Collection<String> members) {
    if (counting) {
      return Future.succeededFuture(null);
    }
    counting = true;
    return board.count(group, backend, members)
        .map(n -> {
          lastCount = n;
          return n >= quorum;
        })
        .andThen(ar -> counting = false);
  }

  private void publish(String backend, boolean down) {
    board.publish(group, backend, down).onFailure(e -> LOG.debug(
        "{}: could not share the opinion on {}: {}", group, backend, e.getMessage()));
  }
}
