package io.belay.backends.engine;

import java.util.function.LongSupplier;

/**
 * One of the numbered databases: keys with their values, and the subset that has an expiry
 * (kept apart, as Redis does, so active expiry samples only volatile keys).
 */
public final class Database {

  private final int id;
  private final Keyspace keyspace;
  private Dict<RObject> keys = new Dict<>();
  private Dict<RObject> expires = new Dict<>();
  private long usedMemory;
  private long expiredKeys;

  Database(int id, Keyspace keyspace) {
    this.id = id;
    this.keyspace = keyspace;
  }

  public int id() {
    return id;
  }

  public int size() {
    return keys.size();
  }

  public int volatileSize() {
    return expires.size();
  }

  /** Estimated bytes held by this database's keys and values. */
  public long usedMemory() {
    return usedMemory;
  }

  public Dict<RObject> keys() {
    return keys;
  }

  public Dict<RObject> expires() {
    return expires;
  }

  /** A live key for a read: expired keys are never returned. Touches the LRU clock. */
  public RObject lookupRead(byte[] key) {
    RObject o = lookup(key);
    if (o == null) {
      keyspace.stats().keyspaceMisses++;
    } else {
      keyspace.stats().keyspaceHits++;
      o.lastAccess = keyspace.now();
      if (o.frequency < 255) {
        o.frequency++;
      }
    }
    return o;
  }

  /** A live key for a write (no LRU touch beyond what the write itself does). */
  public RObject lookupWrite(byte[] key) {
    RObject o = lookup(key);
    if (o != null) {
      guard(key);
      o.lastAccess = keyspace.now();
    }
    return o;
  }

  /** A key without touching access statistics (OBJECT, TYPE-filtered SCAN, ...). */
  public RObject peek(byte[] key) {
    return lookup(key);
  }

  private RObject lookup(byte[] key) {
    RObject o = keys.get(key);
    if (o == null || o.expireAt < 0 || o.expireAt > keyspace.now()) {
      return o;
    }
    if (keyspace.isReplica()) {
      // A replica waits for its master's DEL, and never shows an expired key to its clients.
      return keyspace.isServingMaster() ? o : null;
    }
    deleteExpired(key);
    return null;
  }

  /** Adds or replaces {@code key}; the previous expiry is cleared unless {@code keepTtl}. */
  public void put(byte[] key, Object value, boolean keepTtl) {
    guard(key);
    RObject existing = keys.get(key);
    if (existing != null && existing.expireAt >= 0 && existing.expireAt <= keyspace.now() && !keyspace.isReplica()
        && !keyspace.isServingMaster()) {
      // Not yet reclaimed but already gone, as Redis's setKey sees it: the new value must not
      // inherit the dead key's TTL (SET KEEPTTL), and the expiry is counted and propagated.
      // A stream replayed as a master's (the AOF at start) applies its writes as they were made.
      deleteExpired(key);
      existing = null;
    }
    if (existing != null) {
      existing.value = value;
      if (!keepTtl && existing.expireAt >= 0) {
        existing.expireAt = -1;
        expires.remove(key);
      }
      existing.lastAccess = keyspace.now();
      account(key, existing);
      return;
    }
    RObject o = new RObject(value);
    o.lastAccess = keyspace.now();
    keys.put(key, o);
    account(key, o);
  }

  /** Adds a key known to be absent; returns its object. */
  public RObject add(byte[] key, Object value) {
    guard(key);
    RObject o = new RObject(value);
    o.lastAccess = keyspace.now();
    keys.put(key, o);
    account(key, o);
    return o;
  }

  /** Re-counts {@code key}'s memory after its value changed in place. */
  public void changed(byte[] key, RObject o) {
    account(key, o);
  }

  private void account(byte[] key, RObject o) {
    long now = o.memoryUsage(key);
    usedMemory += now - o.accounted;
    o.accounted = now;
  }

  public boolean delete(byte[] key) {
    guard(key);
    RObject o = keys.remove(key);
    if (o == null) {
      return false;
    }
    usedMemory -= o.accounted;
    if (o.expireAt >= 0) {
      expires.remove(key);
    }
    return true;
  }

  public void setExpire(byte[] key, RObject o, long at) {
    guard(key);
    if (o.expireAt < 0) {
      expires.put(key, o);
    }
    o.expireAt = at;
  }

  /** Removes the expiry; true if there was one. */
  public boolean persist(byte[] key, RObject o) {
    guard(key);
    if (o.expireAt < 0) {
      return false;
    }
    o.expireAt = -1;
    expires.remove(key);
    return true;
  }

  public void clear() {
    ChangeGuard g = keyspace.guard();
    if (g != null) {
      g.beforeClear(this);
    }
    keys = new Dict<>();
    expires = new Dict<>();
    usedMemory = 0;
  }

  /** Exchanges contents with {@code other}, as SWAPDB does. */
  void swapWith(Database other) {
    ChangeGuard g = keyspace.guard();
    if (g != null) {
      g.beforeClear(this);
      g.beforeClear(other);
    }
    Dict<RObject> k = keys;
    Dict<RObject> e = expires;
    long m = usedMemory;
    keys = other.keys;
    expires = other.expires;
    usedMemory = other.usedMemory;
    other.keys = k;
    other.expires = e;
    other.usedMemory = m;
  }

  private void guard(byte[] key) {
    ChangeGuard g = keyspace.guard();
    if (g != null) {
      g.beforeChange(this, key);
    }
  }

  public long expiredKeys() {
    return expiredKeys;
  }

  private void deleteExpired(byte[] key) {
    delete(key);
    expiredKeys++;
    keyspace.stats().expiredKeys++;
    keyspace.listener().expired(id, key);
  }

  /**
   * One pass of Redis's active expiry on this database: sample volatile keys, delete the
   * expired ones, and go on while more than a quarter of a sample was expired and time is left.
   *
   * @return keys deleted
   */
  int activeExpire(int samplesPerLoop, LongSupplier nanoTime, long deadlineNanos) {
    if (keyspace.isReplica()) {
      return 0;
    }
    int deleted = 0;
    long now = keyspace.now();
    while (expires.size() > 0) {
      int sampled = 0;
      int expiredNow = 0;
      int n = Math.min(samplesPerLoop, expires.size());
      for (int i = 0; i < n; i++) {
        Dict.Node<RObject> node = expires.randomNode(keyspace.random());
        sampled++;
        if (node.value().expireAt <= now) {
          deleteExpired(node.key());
          expiredNow++;
        }
      }
      deleted += expiredNow;
      if (expiredNow * 4 <= sampled || nanoTime.getAsLong() > deadlineNanos) {
        break;
      }
    }
    return deleted;
  }
}
