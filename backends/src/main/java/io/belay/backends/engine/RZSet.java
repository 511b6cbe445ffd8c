package io.belay.backends.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeSet;

/** A sorted set: member → score, ordered by (score, member) as Redis orders it. */
public final class RZSet implements Container {

  /** A member and its score, ordered by score then by member bytes. */
  public record Entry(double score, byte[] member) {
  }

  public static final Comparator<Entry> ORDER = (a, b) -> {
    int c = Double.compare(a.score, b.score);
    return c != 0 ? c : Arrays.compareUnsigned(a.member, b.member);
  };

  private static final int ENTRY_OVERHEAD = 80;

  private final Dict<Double> scores = new Dict<>();
  private final TreeSet<Entry> order = new TreeSet<>(ORDER);
  private long bytes;

  public Dict<Double> scores() {
    return scores;
  }

  public TreeSet<Entry> ordered() {
    return order;
  }

  public Double score(byte[] member) {
    return scores.get(member);
  }

  /** Sets a member's score; true if the member is new. */
  public boolean put(byte[] member, double score) {
    Double old = scores.put(member, score);
    if (old != null) {
      order.remove(new Entry(old, member));
    } else {
      bytes += ENTRY_OVERHEAD + member.length;
    }
    order.add(new Entry(score, member));
    return old == null;
  }

  public boolean remove(byte[] member) {
    Double old = scores.remove(member);
    if (old == null) {
      return false;
    }
    order.remove(new Entry(old, member));
    bytes -= ENTRY_OVERHEAD + member.length;
    return true;
  }

  @Override
  public int size() {
    return scores.size();
  }

  @Override
  public long memoryUsage() {
    return bytes + 64;
  }

  @Override
  public RZSet copy() {
    RZSet copy = new RZSet();
    for (Entry e : order) {
      copy.put(e.member(), e.score());
    }
    return copy;
  }

  @Override
  public String encoding() {
    return scores.size() <= 128 ? "listpack" : "skiplist";
  }
}
