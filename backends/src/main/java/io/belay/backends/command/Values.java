package io.belay.backends.command;

import io.belay.backends.engine.Container;
import io.belay.backends.engine.Database;
import io.belay.backends.engine.RObject;

/** Typed access to keys for command implementations, with Redis's WRONGTYPE rule. */
final class Values {

  private Values() {
  }

  /** The string at {@code key}, null if absent; WRONGTYPE if it holds another type. */
  static byte[] readString(Database db, byte[] key) {
    RObject o = db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!(o.value() instanceof byte[] bytes)) {
      throw Errors.wrongType();
    }
    return bytes;
  }

  /** The container of {@code type} at {@code key} for reading, null if absent. */
  static <T extends Container> T read(Database db, byte[] key, Class<T> type) {
    RObject o = db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (!type.isInstance(o.value())) {
      throw Errors.wrongType();
    }
    return type.cast(o.value());
  }

  /** The container of {@code type} at {@code key} for writing, null if absent. */
  static <T extends Container> T write(Database db, byte[] key, Class<T> type) {
    RObject o = db.lookupWrite(key);
    if (o == null) {
      return null;
    }
    if (!type.isInstance(o.value())) {
      throw Errors.wrongType();
    }
    return type.cast(o.value());
  }

  /** The container at {@code key}, created empty if absent. */
  static <T extends Container> T writeOrCreate(Database db, byte[] key, Class<T> type,
      java.util.function.Supplier<T> create) {
    T existing = write(db, key, type);
    if (existing != null) {
      return existing;
    }
    T fresh = create.get();
    db.add(key, fresh);
    return fresh;
  }

  /** Deletes {@code key} if its container became empty, as Redis never keeps empty collections. */
  static void deleteIfEmpty(Database db, byte[] key, Container c) {
    if (c.size() == 0) {
      db.delete(key);
    }
  }
}
