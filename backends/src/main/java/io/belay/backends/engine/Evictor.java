package io.belay.backends.engine;

/**
 * Keeps a keyspace under {@code maxmemory} the way Redis does: sample a few candidate keys,
 * evict the best one by the policy, repeat until under the limit or nothing is evictable.
 */
public final class Evictor {

  private final Keyspace keyspace;
  private long maxMemory;
  private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
  private int samples = 5;

  public Evictor(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  public long maxMemory() {
    return maxMemory;
  }

  public void setMaxMemory(long bytes) {
    this.maxMemory = bytes;
  }

  public EvictionPolicy policy() {
    return policy;
  }

  public void setPolicy(EvictionPolicy policy) {
    this.policy = policy;
  }

  public int samples() {
    return samples;
  }

  public void setSamples(int samples) {
    this.samples = samples;
  }

  public boolean overLimit() {
    return maxMemory > 0 && keyspace.usedMemory() > maxMemory;
  }

  /**
   * Evicts until under the limit.
   *
   * @return true if memory is now under the limit (or there is none, or this is a replica)
   */
  public boolean freeMemoryIfNeeded() {
    if (keyspace.isReplica()) {
      // A replica is an exact copy of its master, so it neither evicts nor refuses: Redis's
      // replica-ignore-maxmemory, which defaults to yes.
      return true;
    }
    if (!overLimit()) {
      return true;
    }
    if (policy == EvictionPolicy.NOEVICTION) {
      return false;
    }
    while (overLimit()) {
      if (!evictOne()) {
        return false;
      }
    }
    return true;
  }

  private boolean evictOne() {
    Database bestDb = null;
    byte[] bestKey = null;
    long bestScore = Long.MIN_VALUE;
    for (int i = 0; i < keyspace.databaseCount(); i++) {
      Database db = keyspace.db(i);
      Dict<RObject> pool = policy.allKeys() ? db.keys() : db.expires();
      if (pool.isEmpty()) {
        continue;
      }
      for (int s = 0; s < samples; s++) {
        Dict.Node<RObject> n = pool.randomNode(keyspace.random());
        long score = score(n.value());
        if (bestKey == null || score > bestScore) {
          bestScore = score;
          bestKey = n.key();
          bestDb = db;
        }
      }
      if (policy.random()) {
        break;
      }
    }
    if (bestKey == null) {
      return false;
    }
    bestDb.delete(bestKey);
    keyspace.stats().evictedKeys++;
    keyspace.listener().evicted(bestDb.id(), bestKey);
    return true;
  }

  /** Higher is a better victim. */
  private long score(RObject o) {
    return switch (policy) {
      case ALLKEYS_LRU, VOLATILE_LRU -> -o.lastAccess;
      case ALLKEYS_LFU, VOLATILE_LFU -> -o.frequency;
      case VOLATILE_TTL -> -o.expireAt;
      default -> 0;
    };
  }
}
