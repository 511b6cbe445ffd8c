package io.belay.backends.engine;

/** A hash: field → value, on a {@link Dict} so HSCAN and HRANDFIELD work like Redis's. */
public final class RHash implements Container {

  private static final int ENTRY_OVERHEAD = 64;

  private final Dict<byte[]> fields = new Dict<>();
  private long bytes;

  public Dict<byte[]> fields() {
    return fields;
  }

  public byte[] get(byte[] field) {
    return fields.get(field);
  }

  /** Sets a field; true if it is new. */
  public boolean put(byte[] field, byte[] value) {
    byte[] old = fields.put(field, value);
    if (old == null) {
      bytes += ENTRY_OVERHEAD + field.length + value.length;
      return true;
    }
    bytes += value.length - old.length;
    return false;
  }

  public boolean remove(byte[] field) {
    byte[] old = fields.remove(field);
    if (old == null) {
      return false;
    }
    bytes -= ENTRY_OVERHEAD + field.length + old.length;
    return true;
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
    fields.forEach(copy::put);
    return copy;
  }

  @Override
  public String encoding() {
    return fields.size() <= 128 && bytes <= 128L * (ENTRY_OVERHEAD + 64) ? "listpack" : "hashtable";
  }
}
