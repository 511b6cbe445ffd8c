package io.belay.backends.engine;


/**
 * A list of byte strings: a circular array, so pushes and pops at both ends are O(1) and
 * LINDEX/LRANGE/LSET index in O(1).
 */
public final class RList implements Container {

  private static final int ENTRY_OVERHEAD = 24;

  private byte[][] items = new byte[8][];
  private int head;
  private int size;
  private long bytes;

  @Override
  public int size() {
    return size;
  }

  /** The element at {@code index} (0 ≤ index < size). */
  public byte[] get(int index) {
    return items[(head + index) & (items.length - 1)];
  }

  public byte[] set(int index, byte[] value) {
    int slot = (head + index) & (items.length - 1);
    byte[] old = items[slot];
    items[slot] = value;
    bytes += value.length - old.length;
    return old;
  }

  public void addFirst(byte[] value) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = value;
    size++;
    bytes += ENTRY_OVERHEAD + value.length;
  }

  public void addLast(byte[] value) {
    grow();
    items[(head + size) & (items.length - 1)] = value;
    size++;
    bytes += ENTRY_OVERHEAD + value.length;
  }

  public byte[] removeFirst() {
    if (size == 0) {
      return null;
    }
    byte[] value = items[head];
    items[head] = null;
    head = (head + 1) & (items.length - 1);
    size--;
    bytes -= ENTRY_OVERHEAD + value.length;
    return value;
  }

  public byte[] removeLast() {
    if (size == 0) {
      return null;
    }
    int slot = (head + size - 1) & (items.length - 1);
    byte[] value = items[slot];
    items[slot] = null;
    size--;
    bytes -= ENTRY_OVERHEAD + value.length;
    return value;
  }

  /** Inserts so that the new element ends at {@code index} (0 ≤ index ≤ size). */
  public void insert(int index, byte[] value) {
    if (index == 0) {
      addFirst(value);
      return;
    }
    addLast(value);
    for (int i = size - 1; i > index; i--) {
      items[(head + i) & (items.length - 1)] = items[(head + i - 1) & (items.length - 1)];
    }
    items[(head + index) & (items.length - 1)] = value;
  }

  /** Removes and returns the element at {@code index}. */
  public byte[] removeAt(int index) {
    byte[] value = get(index);
    for (int i = index; i < size - 1; i++) {
      items[(head + i) & (items.length - 1)] = items[(head + i + 1) & (items.length - 1)];
    }
    items[(head + size - 1) & (items.length - 1)] = null;
    size--;
    bytes -= ENTRY_OVERHEAD + value.length;
    return value;
  }

  /** Keeps only {@code [start, end]}, both inclusive and within bounds, as LTRIM does. */
  public void trim(int start, int end) {
    byte[][] kept = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, end - start + 1)) * 2)][];
    long keptBytes = 0;
    int n = 0;
    for (int i = start; i <= end && i < size; i++) {
      byte[] v = get(i);
      kept[n++] = v;
      keptBytes += ENTRY_OVERHEAD + v.length;
    }
    items = kept;
    head = 0;
    size = n;
    bytes = keptBytes;
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    byte[][] bigger = new byte[items.length * 2][];
    for (int i = 0; i < size; i++) {
      bigger[i] = get(i);
    }
    items = bigger;
    head = 0;
  }

  @Override
  public long memoryUsage() {
    return bytes + 16L * items.length + 64;
  }

  @Override
  public RList copy() {
    RList copy = new RList();
    copy.items = new byte[items.length][];
    for (int i = 0; i < size; i++) {
      copy.items[i] = get(i);
    }
    copy.size = size;
    copy.bytes = bytes;
    return copy;
  }

  @Override
  public String encoding() {
    return "quicklist";
  }
}
