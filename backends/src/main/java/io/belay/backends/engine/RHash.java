package io.belay.backends.engine;

import java.util.function.BiConsumer;

/**
 * A hash: field → value, on a {@link Dict} so HSCAN and HRANDFIELD work like Redis's.
 * Fields are also linked in insertion order: a small hash in Redis is a listpack, which
 * HGETALL, HKEYS and HSCAN walk in the order fields were first set.
 */
public final class RHash implements Container {

  /** Redis's hash-max-listpack-entries and hash-max-listpack-value defaults. */
  private static final int LISTPACK_ENTRIES = 512;
  private static final int LISTPACK_VALUE = 64;
  private static final int ENTRY_OVERHEAD = 72;

  /** A field's value and its place in insertion order. */
  private static final class Field {
    final byte[] name;
    byte[] value;
    Field before;
    Field after;

    Field(byte[] name, byte[] value) {
      this.name = name;
      this.value = value;
    }
  }

  private final Dict<Field> fields = new Dict<>();
  private Field head;
  private Field tail;
  private long bytes;
  /** Redis converts a listpack to a hashtable once it grows; it never converts back. */
  private boolean hashtable;

  public byte[] get(byte[] field) {
    Field f = fields.get(field);
    return f == null ? null : f.value;
  }

  public boolean contains(byte[] field) {
    return fields.containsKey(field);
  }

  /** Sets a field; true if it is new. A field keeps its place in order when overwritten. */
  public boolean put(byte[] field, byte[] value) {
    noteLengths(field, value);
    Field f = fields.get(field);
    if (f != null) {
      bytes += value.length - f.value.length;
      f.value = value;
      return false;
    }
    f = new Field(field, value);
    fields.put(field, f);
    f.before = tail;
    if (tail == null) {
      head = f;
    } else {
      tail.after = f;
    }
    tail = f;
    bytes += ENTRY_OVERHEAD + field.length + value.length;
    if (fields.size() > LISTPACK_ENTRIES) {
      hashtable = true;
    }
    return true;
  }

  /**
   * Converts to a hashtable if any of {@code args} is too long for a listpack, as HSET checks
   * all its arguments before writing any.
   */
  public void noteLengths(byte[]... args) {
    for (byte[] a : args) {
      if (a.length > LISTPACK_VALUE) {
        hashtable = true;
      }
    }
  }

  public boolean remove(byte[] field) {
    Field f = fields.remove(field);
    if (f == null) {
      return false;
    }
    if (f.before == null) {
      head = f.after;
    } else {
      f.before.after = f.after;
    }
    if (f.after == null) {
      tail = f.before;
    } else {
      f.after.before = f.before;
    }
    bytes -= ENTRY_OVERHEAD + field.length + f.value.length;
    return true;
  }

  /** Visits fields in insertion order. */
  public void forEach(BiConsumer<byte[], byte[]> action) {
    for (Field f = head; f != null; f = f.after) {
      action.accept(f.name, f.value);
    }
  }

  /** One step of an HSCAN over the field table; see {@link Dict#scan}. */
  public long scan(long cursor, Dict.ScanVisitor<byte[]> visitor) {
    return fields.scan(cursor, (name, f) -> visitor.visit(name, f.value));
  }

  /** A random field's name, as {@code dictGetRandomKey} picks it; null when empty. */
  public byte[] randomField(java.util.random.RandomGenerator random) {
    Dict.Node<Field> n = fields.randomNode(random);
    return n == null ? null : n.key();
  }

  /** True while Redis would keep this hash as a listpack (HSCAN then returns it whole). */
  public boolean isListpack() {
    return !hashtable;
  }

  @Override
  public int size() {
    return fields.size();
  }

  @Override
  public long memoryUsage() {
    return bytes + 64;
  }

  @Override
  public RHash copy() {
    RHash copy = new RHash();
    forEach(copy::put);
    copy.hashtable = hashtable;
    return copy;
  }

  @Override
  public String encoding() {
    return hashtable ? "hashtable" : "listpack";
  }
}
