package io.belay.backends.engine;

import io.belay.protocol.impl.Numbers;

/** A set of byte strings, on a {@link Dict} so SSCAN, SPOP and SRANDMEMBER work like Redis's. */
public final class RSet implements Container {

  private static final int ENTRY_OVERHEAD = 48;

  private final Dict<Boolean> members = new Dict<>();
  private long bytes;
  /** Members that are not integers; Redis keeps an all-integer set as an intset. */
  private int nonIntegers;

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
    if (Numbers.parseLong(member) == Numbers.INVALID) {
      nonIntegers++;
    }
    return true;
  }

  public boolean remove(byte[] member) {
    if (members.remove(member) == null) {
      return false;
    }
    bytes -= ENTRY_OVERHEAD + member.length;
    if (Numbers.parseLong(member) == Numbers.INVALID) {
      nonIntegers--;
    }
    return true;
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
    return copy;
  }

  @Override
  public String encoding() {
    return nonIntegers == 0 && members.size() <= 512 ? "intset" : "hashtable";
  }
}
