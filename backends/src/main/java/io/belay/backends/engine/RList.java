package io.belay.backends.engine;

import java.util.Arrays;

/**
 * A list of byte strings: a circular array, so pushes and pops at both ends are O(1) and
 * LINDEX/LRANGE/LSET index in O(1). The array shrinks as the list empties, so the memory
 * a list reports follows what it holds, as a quicklist's freed nodes do.
 */
public final class RList implements Container {

  private static final int ENTRY_OVERHEAD = 24;
  private static final int MIN_CAPACITY = 8;

  private byte[][] items = new byte[MIN_CAPACITY][];
  private int head;
  private int size;
  private long bytes;

  @Override
  public int size() {
    return size;
  }

  /** The element at {@code index} (0 ≤ index < size). */
  public byte[] get(int index) {
    return items[slot(index)];
  }

  public byte[] set(int index, byte[] value) {
    int slot = slot(index);
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
    items[slot(size)] = value;
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
    shrink();
    return value;
  }

  public byte[] removeLast() {
    if (size == 0) {
      return null;
    }
    int slot = slot(size - 1);
    byte[] value = items[slot];
    items[slot] = null;
    size--;
    bytes -= ENTRY_OVERHEAD + value.length;
    shrink();
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
      items[slot(i)] = items[slot(i - 1)];
    }
    items[slot(index)] = value;
  }

  /** Removes and returns the element at {@code index}. */
  public byte[] removeAt(int index) {
    byte[] value = get(index);
    for (int i = index; i < size - 1; i++) {
      items[slot(i)] = items[slot(i + 1)];
    }
    items[slot(size - 1)] = null;
    size--;
    bytes -= ENTRY_OVERHEAD + value.length;
    shrink();
    return value;
  }

  /** The first index at or after {@code from} holding {@code value}, or -1. */
  public int indexOf(byte[] value, int from) {
    for (int i = Math.max(0, from); i < size; i++) {
      if (Arrays.equals(get(i), value)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Removes elements equal to {@code value}, as LREM does: up to {@code count} from the head
   * when it is positive, up to {@code -count} from the tail when negative, all when zero.
   * One pass that compacts the survivors, so removing many is O(n), not O(n²).
   *
   * @return how many were removed
   */
  public long removeAll(byte[] value, long count) {
    boolean fromTail = count < 0;
    // -Long.MIN_VALUE stays negative: no limit, as redis-server's negation overflows the same way
    long limit = fromTail ? -count : count;
    long removed = 0;
    byte[][] kept = new byte[size][];
    int n = 0;
    for (int k = 0; k < size; k++) {
      int i = fromTail ? size - 1 - k : k;
      byte[] v = get(i);
      if ((limit <= 0 || removed < limit) && Arrays.equals(v, value)) {
        removed++;
        bytes -= ENTRY_OVERHEAD + v.length;
      } else {
        kept[n++] = v;
      }
    }
    if (removed == 0) {
      return 0;
    }
    if (fromTail) {
      for (int i = 0, j = n - 1; i < j; i++, j--) {
        byte[] t = kept[i];
        kept[i] = kept[j];
        kept[j] = t;
      }
    }
    replaceWith(kept, n);
    return removed;
  }

  /** Keeps only {@code [start, end]}, both inclusive and within bounds, as LTRIM does. */
  public void trim(int start, int end) {
    int n = Math.max(0, Math.min(end, size - 1) - start + 1);
    byte[][] kept = new byte[n][];
    long keptBytes = 0;
    for (int i = 0; i < n; i++) {
      byte[] v = get(start + i);
      kept[i] = v;
      keptBytes += ENTRY_OVERHEAD + v.length;
    }
    replaceWith(kept, n);
    bytes = keptBytes;
  }

  private void replaceWith(byte[][] elements, int n) {
    byte[][] fresh = new byte[capacityFor(n)][];
    System.arraycopy(elements, 0, fresh, 0, n);
    items = fresh;
    head = 0;
    size = n;
  }

  private int slot(int index) {
    return (head + index) & (items.length - 1);
  }

  private static int capacityFor(int n) {
    return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, n)) * 2);
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    resize(items.length * 2);
  }

  /** Halves the array when a quarter full, so a drained list gives its memory back. */
  private void shrink() {
    if (items.length > MIN_CAPACITY && size < items.length / 4) {
      resize(items.length / 2);
    }
  }

  private void resize(int capacity) {
    byte[][] fresh = new byte[capacity][];
    for (int i = 0; i < size; i++) {
      fresh[i] = get(i);
    }
    items = fresh;
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
    // Redis 7.0 keeps every list in a quicklist (listpack-encoded small lists came with 7.2).
    return "quicklist";
  }
}
