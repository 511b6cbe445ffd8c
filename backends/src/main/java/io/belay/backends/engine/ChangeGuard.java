package io.belay.backends.engine;

/**
 * Told before the keyspace changes, while the old value is still in place. A snapshot in
 * progress uses it to write a key's pre-image before the key is modified (copy-on-write at
 * key granularity), so the snapshot shows the keyspace as it was when it started.
 */
public interface ChangeGuard {

  /** {@code key} of {@code db} is about to be modified, replaced or deleted. */
  void beforeChange(Database db, byte[] key);

  /** Every key of {@code db} is about to go (FLUSHDB, FLUSHALL, SWAPDB). */
  void beforeClear(Database db);
}
