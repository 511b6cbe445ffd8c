package io.belay.backends.engine;

/** Told about changes the keyspace makes by itself, not on a client's command. */
public interface KeyspaceListener {

  /** {@code key} in database {@code db} expired and was deleted (propagate a DEL, wake WATCH). */
  void expired(int db, byte[] key);

  /** {@code key} was evicted to stay under maxmemory. */
  void evicted(int db, byte[] key);

  KeyspaceListener NONE = new KeyspaceListener() {
    @Override
    public void expired(int db, byte[] key) {
    }

    @Override
    public void evicted(int db, byte[] key) {
    }
  };
}
