package io.belay.backends.engine;

import io.belay.protocol.impl.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A set of byte strings, on a {@link Dict} so SSCAN, SPOP and SRANDMEMBER work like Redis's.
 *
 * <p>Redis 7.0 keeps a set of at most {@value #MAX_INTSET_ENTRIES} integers as an intset,
 * sorted, and converts it to a hash table for good once a non-integer arrives or it grows
 * past that size. Clients see the difference (SMEMBERS of an intset is in numeric order,
 * SSCAN returns an intset whole, OBJECT ENCODING names it), so the set tracks which of the
 * two Redis would be using and iterates like it.
 */
public final class RSet implements Container {

  /** Redis's {@code set-max-intset-entries} default. */
  public static final int MAX_INTSET_ENTRIES = 512;

  private static final int ENTRY_OVERHEAD = 48;

  private final Dict<Boolean> members = new Dict<>();
  private long bytes;
  /** Redis would hold this set in a hash table: it has had a non-integer or too many members. */
  private boolean hashtable;

  public Dict<Boolean> members() {
    return members;
  }

  public boolean contains(byte[] member) {
    return members.containsKey(member);
  }

  public boolean add(byte[] member) {
    if (!members.putIfAbsent(member, Boolean.TRUE)) {
      return false;
    }
    bytes += ENTRY_OVERHEAD + member.length;
    if (!hashtable && (!isInteger(member) || members.size() > MAX_INTSET_ENTRIES)) {
      hashtable = true;
    }
    return true;
  }

  public boolean remove(byte[] member) {
    if (members.remove(member) == null) {
      return false;
    }
    bytes -= ENTRY_OVERHEAD + member.length;
    return true;
  }

  /** True while Redis would keep this set as an intset. */
  public boolean isIntset() {
    return !hashtable;
  }

  /** A member chosen at random (null when empty). */
  public byte[] random(RandomGenerator random) {
    Dict.Node<Boolean> n = members.randomNode(random);
    return n == null ? null : n.key();
  }

  /** Removes and returns a random member (null when empty). */
  public byte[] pop(RandomGenerator random) {
    byte[] m = random(random);
    if (m != null) {
      remove(m);
    }
    return m;
  }

  /** The members in the order Redis iterates them: ascending for an intset, table order otherwise. */
  public List<byte[]> toList() {
    List<byte[]> out = new ArrayList<>(members.size());
    members.forEach((m, ignored) -> out.add(m));
    if (!hashtable) {
      out.sort((a, b) -> Long.compare(toLong(a), toLong(b)));
    }
    return out;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public long memoryUsage() {
    return bytes + 64;
  }

  @Override
  public RSet copy() {
    RSet copy = new RSet();
    members.forEach((m, ignored) -> copy.add(m));
    copy.hashtable = hashtable;
    return copy;
  }

  @Override
  public String encoding() {
    return hashtable ? "hashtable" : "intset";
  }

  /** A member an intset can hold: a 64-bit integer in its canonical spelling. */
  private static boolean isInteger(byte[] member) {
    return Numbers.parseLong(member) != Numbers.INVALID || Numbers.isLongMinValue(member, 0, member.length);
  }

  /** An intset member's value; INVALID is Long.MIN_VALUE, which is also that member's value. */
  private static long toLong(byte[] member) {
    return Numbers.parseLong(member);
  }
}
