package io.belay.election.opinion;

import io.vertx.core.Future;
import java.util.Collection;

/**
 * Where nodes share their subjective-down opinions. A backend is objectively down (ODOWN) when
 * at least {@code quorum} current members hold the opinion that it is down.
 *
 * <p>Contract: methods never block and complete on the caller's context.
 */
public interface OpinionBoard {

  /** Records (or withdraws) this node's opinion that {@code backend} is subjectively down. */
  Future<Void> publish(String group, String backend, boolean down);

  /** How many of {@code members} currently hold the opinion that {@code backend} is down. */
  Future<Integer> count(String group, String backend, Collection<String> members);
}
