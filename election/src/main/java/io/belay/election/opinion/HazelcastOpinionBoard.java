package io.belay.election.opinion;

import com.hazelcast.map.IMap;
import io.belay.election.cluster.HazelcastCalls;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opinions in a Hazelcast {@code IMap}, one entry per (group, backend, member) holding the time
 * the opinion was formed, written with a TTL.
 *
 * <p>Why an IMap with TTL and not a replicated map with entry listeners: an opinion must die with
 * the node that held it, and a TTL does that without anyone cleaning up after a crashed node; an
 * IMap read goes to the partition owner, so a count is never a stale local replica; and an IMap
 * takes part in the majority split-brain protection, so a node cut off from the majority cannot
 * count opinions at all. Listeners are unnecessary: only a node that itself sees the master down
 * asks for the count, on its probe schedule. Holders refresh their opinion well within the TTL.
 */
public final class HazelcastOpinionBoard implements OpinionBoard {

  private final IMap<String, Long> map;
  private final HazelcastCalls calls;
  /** This member's current id: it changes when the node rejoins after a split heals. */
  private final Supplier<String> localId;
  private final long ttlMillis;

  public HazelcastOpinionBoard(IMap<String, Long> map, HazelcastCalls calls, Supplier<String> localId,
      long ttlMillis) {
    this.map = map;
    this.calls = calls;
    this.localId = localId;
    this.ttlMillis = ttlMillis;
  }

  static String key(String group, String backend, String member) {
    return group + '/' + backend + '/' + member;
  }

  @Override
  public Future<Void> publish(String group, String backend, boolean down) {
    String key = key(group, backend, localId.get());
    return calls.call(() -> {
      if (down) {
        map.set(key, System.currentTimeMillis(), ttlMillis, TimeUnit.MILLISECONDS);
      } else {
        map.delete(key);
      }
      return null;
    });
  }

  @Override
  public Future<Integer> count(String group, String backend, Collection<String> members) {
    Set<String> keys = new HashSet<>();
    for (String m : members) {
      keys.add(key(group, backend, m));
    }
    return calls.call(() -> map.getAll(keys).size());
  }
}
