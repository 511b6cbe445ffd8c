package io.belay.backends.engine;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sorted set: member → score, ordered by (score, member) as Redis orders it. Like Redis's
 * {@code zset}, a {@link Dict} answers ZSCORE in O(1) and a skiplist whose links carry spans
 * (how many level-0 steps each link jumps) keeps the order, so a rank, and the element at
 * a rank, are found in O(log n).
 */
public final class RZSet implements Container {

  /** Levels a node can have; with p = 1/4 that is enough for 2^64 elements. */
  static final int MAX_LEVEL = 32;
  /** Redis's zset-max-listpack-entries and zset-max-listpack-value defaults. */
  private static final int LISTPACK_ENTRIES = 128;
  private static final int LISTPACK_VALUE = 64;
  private static final int ENTRY_OVERHEAD = 56;
  private static final int LINK_BYTES = 12;

  /** A member of the skiplist; {@link #next()} and {@link #prev()} walk it in order. */
  public static final class Node {
    final byte[] member;
    double score;
    Node backward;
    final Node[] forward;
    /** span[i]: level-0 steps from this node to forward[i] (to the end when forward[i] is null). */
    final int[] span;

    Node(byte[] member, double score, int level) {
      this.member = member;
      this.score = score;
      this.forward = new Node[level];
      this.span = new int[level];
    }

    public byte[] member() {
      return member;
    }

    public double score() {
      return score;
    }

    public Node next() {
      return forward[0];
    }

    public Node prev() {
      return backward;
    }
  }

  /** An interval of the set's order: by score, or by member when all scores are equal. */
  public sealed interface Range permits ScoreRange, LexRange {

    /** True if {@code n} is at or after the interval's start. */
    boolean aboveMin(Node n);

    /** True if {@code n} is at or before the interval's end. */
    boolean belowMax(Node n);

    /** Intervals that can hold nothing, whatever the set. */
    boolean isEmpty();
  }

  /** A score interval as ZRANGEBYSCORE takes it; either end may be exclusive. */
  public record ScoreRange(double min, boolean minEx, double max, boolean maxEx) implements Range {

    @Override
    public boolean aboveMin(Node n) {
      return gteMin(n.score);
    }

    @Override
    public boolean belowMax(Node n) {
      return lteMax(n.score);
    }

    public boolean gteMin(double v) {
      return minEx ? v > min : v >= min;
    }

    public boolean lteMax(double v) {
      return maxEx ? v < max : v <= max;
    }

    @Override
    public boolean isEmpty() {
      return min > max || (min == max && (minEx || maxEx));
    }
  }

  /**
   * A member interval as ZRANGEBYLEX takes it. The ends are byte strings, or {@link #MIN}
   * and {@link #MAX} (compared by identity) for {@code -} and {@code +}.
   */
  public record LexRange(byte[] min, boolean minEx, byte[] max, boolean maxEx) implements Range {

    /** Sorts before every member: {@code -}. */
    public static final byte[] MIN = new byte[0];
    /** Sorts after every member: {@code +}. */
    public static final byte[] MAX = new byte[0];

    @Override
    public boolean aboveMin(Node n) {
      return gteMin(n.member);
    }

    @Override
    public boolean belowMax(Node n) {
      return lteMax(n.member);
    }

    public boolean gteMin(byte[] v) {
      int c = compare(v, min);
      return minEx ? c > 0 : c >= 0;
    }

    public boolean lteMax(byte[] v) {
      int c = compare(v, max);
      return maxEx ? c < 0 : c <= 0;
    }

    @Override
    public boolean isEmpty() {
      int c = compare(min, max);
      return c > 0 || (c == 0 && (minEx || maxEx));
    }

    static int compare(byte[] a, byte[] b) {
      if (a == b) {
        return 0;
      }
      if (a == MIN || b == MAX) {
        return -1;
      }
      if (a == MAX || b == MIN) {
        return 1;
      }
      return Arrays.compareUnsigned(a, b);
    }
  }

  private final Dict<Node> dict = new Dict<>();
  private final Node header = new Node(null, 0, MAX_LEVEL);
  private Node tail;
  private int level = 1;
  private int length;
  private long bytes;
  /** Redis converts a small listpack to a skiplist once it grows; it never converts back. */
  private boolean skiplist;

  public Double score(byte[] member) {
    Node n = dict.get(member);
    return n == null ? null : n.score;
  }

  public boolean contains(byte[] member) {
    return dict.containsKey(member);
  }

  /**
   * Sets a member's score; true if the member is new. A listpack stores scores as text
   * that cannot spell -0, so a small set keeps 0 instead, as Redis's does.
   */
  public boolean put(byte[] member, double score) {
    if (!skiplist && score == 0) {
      score = 0.0;
    }
    Node n = dict.get(member);
    if (n != null) {
      if (n.score != score) {
        updateScore(n, score);
      }
      return false;
    }
    if (member.length > LISTPACK_VALUE || length + 1 > LISTPACK_ENTRIES) {
      skiplist = true;
    }
    n = insert(score, member);
    dict.put(member, n);
    bytes += ENTRY_OVERHEAD + member.length + (long) LINK_BYTES * n.forward.length;
    return true;
  }

  public boolean remove(byte[] member) {
    Node n = dict.remove(member);
    if (n == null) {
      return false;
    }
    unlink(n.score, n.member);
    bytes -= ENTRY_OVERHEAD + member.length + (long) LINK_BYTES * n.forward.length;
    return true;
  }

  /** The first element in order, null when empty. */
  public Node first() {
    return header.forward[0];
  }

  public Node last() {
    return tail;
  }

  /** The element at 0-based {@code rank}, null outside [0, size). */
  public Node byRank(long rank) {
    if (rank < 0 || rank >= length) {
      return null;
    }
    long target = rank + 1;
    long traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] <= target) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      if (traversed == target) {
        return x;
      }
    }
    return null;
  }

  /** The 0-based rank of {@code member}, -1 if absent. */
  public long rank(byte[] member) {
    Node n = dict.get(member);
    return n == null ? -1 : rankOf(n);
  }

  /** The 0-based rank of a node of this set. */
  public long rankOf(Node node) {
    long rank = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && compare(x.forward[i], node.score, node.member) <= 0) {
        rank += x.span[i];
        x = x.forward[i];
      }
      if (x == node) {
        return rank - 1;
      }
    }
    throw new IllegalStateException("node not in this set");
  }

  /** True if some element may be within {@code range}: it is not empty and overlaps [first, last]. */
  private boolean intersects(Range range) {
    return !range.isEmpty() && tail != null && range.aboveMin(tail) && range.belowMax(header.forward[0]);
  }

  /** The first element within {@code range}, null if none. */
  public Node firstIn(Range range) {
    if (!intersects(range)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i])) {
        x = x.forward[i];
      }
    }
    x = x.forward[0];
    return x != null && range.belowMax(x) ? x : null;
  }

  /** The last element within {@code range}, null if none. */
  public Node lastIn(Range range) {
    if (!intersects(range)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && range.belowMax(x.forward[i])) {
        x = x.forward[i];
      }
    }
    return x != header && range.aboveMin(x) ? x : null;
  }

  /** Elements within {@code range}, in O(log n). */
  public long count(Range range) {
    Node from = firstIn(range);
    return from == null ? 0 : rankOf(lastIn(range)) - rankOf(from) + 1;
  }

  /** Removes the elements of 0-based ranks [start, end] (clamped by the caller); returns how many. */
  public int removeRange(long start, long end) {
    int removed = 0;
    Node n = byRank(start);
    for (long r = start; r <= end && n != null; r++) {
      Node next = n.forward[0];
      remove(n.member);
      removed++;
      n = next;
    }
    return removed;
  }

  public int removeRange(Range range) {
    int removed = 0;
    for (Node n = firstIn(range); n != null && range.belowMax(n); ) {
      Node next = n.forward[0];
      remove(n.member);
      removed++;
      n = next;
    }
    return removed;
  }

  /** One step of a ZSCAN over the member table; see {@link Dict#scan}. */
  public long scan(long cursor, Dict.ScanVisitor<Double> visitor) {
    return dict.scan(cursor, (member, node) -> visitor.visit(member, node.score));
  }

  /** True while Redis would keep this set as a listpack (ZSCAN then returns it whole). */
  public boolean isListpack() {
    return !skiplist;
  }

  @Override
  public int size() {
    return length;
  }

  @Override
  public long memoryUsage() {
    return bytes + 64 + (long) LINK_BYTES * MAX_LEVEL;
  }

  @Override
  public RZSet copy() {
    RZSet copy = new RZSet();
    copy.skiplist = skiplist;
    for (Node n = first(); n != null; n = n.forward[0]) {
      copy.put(n.member, n.score);
    }
    return copy;
  }

  @Override
  public String encoding() {
    return skiplist ? "skiplist" : "listpack";
  }

  // ---- the skiplist --------------------------------------------------------------------

  /** Orders a node against (score, member): the sorted-set order. */
  private static int compare(Node n, double score, byte[] member) {
    if (n.score != score) {
      return n.score < score ? -1 : 1;
    }
    return Arrays.compareUnsigned(n.member, member);
  }

  /** A level with P(level > k) = 4^-k: a quarter of the nodes reach each next level. */
  private static int randomLevel() {
    int lvl = 1;
    ThreadLocalRandom r = ThreadLocalRandom.current();
    while (lvl < MAX_LEVEL && (r.nextInt() & 3) == 0) {
      lvl++;
    }
    return lvl;
  }

  private Node insert(double score, byte[] member) {
    Node[] update = new Node[MAX_LEVEL];
    int[] rank = new int[MAX_LEVEL];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      while (x.forward[i] != null && compare(x.forward[i], score, member) < 0) {
        rank[i] += x.span[i];
        x = x.forward[i];
      }
      update[i] = x;
    }
    int lvl = randomLevel();
    if (lvl > level) {
      for (int i = level; i < lvl; i++) {
        rank[i] = 0;
        update[i] = header;
        update[i].span[i] = length;
      }
      level = lvl;
    }
    Node n = new Node(member, score, lvl);
    for (int i = 0; i < lvl; i++) {
      n.forward[i] = update[i].forward[i];
      update[i].forward[i] = n;
      // update[i] was rank[i]; the new node lands at rank[0] + 1
      n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = (rank[0] - rank[i]) + 1;
    }
    for (int i = lvl; i < level; i++) {
      update[i].span[i]++;
    }
    n.backward = update[0] == header ? null : update[0];
    if (n.forward[0] != null) {
      n.forward[0].backward = n;
    } else {
      tail = n;
    }
    length++;
    return n;
  }

  /** Finds the node of (score, member) and unlinks it. */
  private Node unlink(double score, byte[] member) {
    Node[] update = new Node[MAX_LEVEL];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && compare(x.forward[i], score, member) < 0) {
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    if (x == null || x.score != score || !Arrays.equals(x.member, member)) {
      throw new IllegalStateException("skiplist and dict disagree");
    }
    unlinkNode(x, update);
    return x;
  }

  private void unlinkNode(Node x, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].forward[i] == x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].forward[i] = x.forward[i];
      } else {
        update[i].span[i]--;
      }
    }
    if (x.forward[0] != null) {
      x.forward[0].backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && header.forward[level - 1] == null) {
      level--;
    }
    length--;
  }

  /**
   * Changes a node's score. When the node stays between its neighbours it is updated in
   * place (the common ZINCRBY case); otherwise it is unlinked and inserted again, keeping
   * the dict entry pointing at the new node.
   */
  private void updateScore(Node n, double score) {
    Node prev = n.backward;
    Node next = n.forward[0];
    if ((prev == null || compare(prev, score, n.member) < 0)
        && (next == null || compare(next, score, n.member) > 0)) {
      n.score = score;
      return;
    }
    unlink(n.score, n.member);
    long oldLinks = n.forward.length;
    Node fresh = insert(score, n.member);
    dict.put(n.member, fresh);
    bytes += (long) LINK_BYTES * (fresh.forward.length - oldLinks);
  }

  /** Walks every level checking order, spans, back links and the dict; for tests. */
  void checkInvariants() {
    int count = 0;
    Node prev = null;
    for (Node n = header.forward[0]; n != null; n = n.forward[0]) {
      if (n.backward != prev) {
        throw new AssertionError("bad backward link at " + count);
      }
      if (prev != null && compare(prev, n.score, n.member) >= 0) {
        throw new AssertionError("out of order at " + count);
      }
      if (dict.get(n.member) != n) {
        throw new AssertionError("dict does not point at node " + count);
      }
      prev = n;
      count++;
    }
    if (count != length || dict.size() != length || tail != prev) {
      throw new AssertionError("length " + length + " but " + count + " nodes, dict " + dict.size());
    }
    for (int i = 0; i < level; i++) {
      long position = 0;
      for (Node x = header; x != null; x = x.forward[i]) {
        long nextPosition = x.forward[i] == null ? length : rankOf(x.forward[i]) + 1;
        if (x.span[i] != nextPosition - position) {
          throw new AssertionError("bad span at level " + i + " position " + position);
        }
        position = nextPosition;
      }
    }
    for (int i = level; i < MAX_LEVEL; i++) {
      if (header.forward[i] != null) {
        throw new AssertionError("link above level " + level);
      }
    }
  }
}
