package io.belay.backends.engine;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table keyed by byte strings, shaped like redis-server's dict: power-of-two
 * buckets, O(1) random sampling (for RANDOMKEY, SPOP, eviction and active expiry) and a
 * SCAN cursor that reports every element present for the whole scan exactly once or more,
 * even when the table grows or shrinks between calls (reverse-binary cursor increment).
 *
 * <p>Not thread-safe: a backend's keyspace is touched from its event loop only.
 *
 * @param <V> the value type
 */
public final class Dict<V> {

  /** One key and its value; chained per bucket. */
  public static final class Node<V> {
    final byte[] key;
    final int hash;
    V value;
    Node<V> next;

    Node(byte[] key, int hash, V value, Node<V> next) {
      this.key = key;
      this.hash = hash;
      this.value = value;
      this.next = next;
    }

    public byte[] key() {
      return key;
    }

    public V value() {
      return value;
    }

    public void setValue(V value) {
      this.value = value;
    }
  }

  /** Receives the elements a {@link #scan} step visits. */
  @FunctionalInterface
  public interface ScanVisitor<V> {
    void visit(byte[] key, V value);
  }

  private static final int MIN_BUCKETS = 4;

  @SuppressWarnings("unchecked")
  private Node<V>[] table = new Node[MIN_BUCKETS];
  private int size;

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Buckets in the table; a SCAN visits them, not the elements. */
  public int buckets() {
    return table.length;
  }

  public V get(byte[] key) {
    Node<V> n = node(key);
    return n == null ? null : n.value;
  }

  public boolean containsKey(byte[] key) {
    return node(key) != null;
  }

  public Node<V> node(byte[] key) {
    int h = hash(key);
    for (Node<V> n = table[h & (table.length - 1)]; n != null; n = n.next) {
      if (n.hash == h && Arrays.equals(n.key, key)) {
        return n;
      }
    }
    return null;
  }

  /** Sets {@code key} to {@code value}; returns the previous value or {@code null}. */
  public V put(byte[] key, V value) {
    int h = hash(key);
    int i = h & (table.length - 1);
    for (Node<V> n = table[i]; n != null; n = n.next) {
      if (n.hash == h && Arrays.equals(n.key, key)) {
        V old = n.value;
        n.value = value;
        return old;
      }
    }
    table[i] = new Node<>(key, h, value, table[i]);
    if (++size > table.length) {
      resize(table.length * 2);
    }
    return null;
  }

  /** Adds {@code key} only if absent; returns true if it was added. */
  public boolean putIfAbsent(byte[] key, V value) {
    if (node(key) != null) {
      return false;
    }
    put(key, value);
    return true;
  }

  public V remove(byte[] key) {
    int h = hash(key);
    int i = h & (table.length - 1);
    Node<V> prev = null;
    for (Node<V> n = table[i]; n != null; prev = n, n = n.next) {
      if (n.hash == h && Arrays.equals(n.key, key)) {
        if (prev == null) {
          table[i] = n.next;
        } else {
          prev.next = n.next;
        }
        size--;
        if (table.length > MIN_BUCKETS && size < table.length / 8) {
          resize(Math.max(MIN_BUCKETS, Integer.highestOneBit(Math.max(size, 1)) * 2));
        }
        return n.value;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  public void clear() {
    table = new Node[MIN_BUCKETS];
    size = 0;
  }

  public void forEach(BiConsumer<byte[], V> action) {
    for (Node<V> head : table) {
      for (Node<V> n = head; n != null; n = n.next) {
        action.accept(n.key, n.value);
      }
    }
  }

  /**
   * A uniformly chosen bucket's random element, as Redis's {@code dictGetRandomKey}: fair
   * enough for sampling, and O(1) expected while the table is not sparse.
   */
  public Node<V> randomNode(RandomGenerator random) {
    if (size == 0) {
      return null;
    }
    Node<V> head;
    do {
      head = table[random.nextInt(table.length)];
    } while (head == null);
    int length = 0;
    for (Node<V> n = head; n != null; n = n.next) {
      length++;
    }
    int pick = random.nextInt(length);
    Node<V> n = head;
    while (pick-- > 0) {
      n = n.next;
    }
    return n;
  }

  /**
   * Visits one bucket (all its chain) and returns the next cursor, 0 when the scan is
   * complete. The cursor increments its reversed bits, so buckets split or merged by a
   * resize between calls are never skipped (Redis's dictScan).
   */
  public long scan(long cursor, ScanVisitor<V> visitor) {
    if (size == 0) {
      return 0;
    }
    long mask = table.length - 1;
    for (Node<V> n = table[(int) (cursor & mask)]; n != null; n = n.next) {
      visitor.visit(n.key, n.value);
    }
    cursor |= ~mask;
    cursor = Long.reverse(cursor);
    cursor++;
    cursor = Long.reverse(cursor);
    return cursor;
  }

  @SuppressWarnings("unchecked")
  private void resize(int buckets) {
    Node<V>[] old = table;
    Node<V>[] fresh = new Node[buckets];
    int mask = buckets - 1;
    for (Node<V> head : old) {
      Node<V> n = head;
      while (n != null) {
        Node<V> next = n.next;
        int i = n.hash & mask;
        n.next = fresh[i];
        fresh[i] = n;
        n = next;
      }
    }
    table = fresh;
  }

  /** A well-mixed hash: bucket choice uses the low bits, so spread them. */
  public static int hash(byte[] key) {
    int h = 0x9747b28c;
    for (byte b : key) {
      h = 31 * h + b;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }
}
