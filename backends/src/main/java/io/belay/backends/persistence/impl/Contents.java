package io.belay.backends.persistence.impl;

import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The one place persistence reads and builds the engine's collections, through their public
 * API only, so a change of their internals touches this class and nothing else here.
 */
public final class Contents {

  private Contents() {
  }

  /** A sorted set member and its score, as the RDB writer visits them. */
  @FunctionalInterface
  public interface ScoreVisitor {
    void visit(byte[] member, double score);
  }

  public static void forEachElement(RList list, Consumer<byte[]> action) {
    int n = list.size();
    for (int i = 0; i < n; i++) {
      action.accept(list.get(i));
    }
  }

  public static void forEachMember(RSet set, Consumer<byte[]> action) {
    set.members().forEach((member, ignored) -> action.accept(member));
  }

  public static void forEachField(RHash hash, BiConsumer<byte[], byte[]> action) {
    hash.forEach(action);
  }

  /** In Redis's order: by score, then member. */
  public static void forEachScored(RZSet zset, ScoreVisitor action) {
    for (RZSet.Node n = zset.first(); n != null; n = n.next()) {
      action.visit(n.member(), n.score());
    }
  }

  public static RList newList() {
    return new RList();
  }

  public static void append(RList list, byte[] element) {
    list.addLast(element);
  }

  public static RSet newSet() {
    return new RSet();
  }

  public static void add(RSet set, byte[] member) {
    set.add(member);
  }

  public static RHash newHash() {
    return new RHash();
  }

  public static void put(RHash hash, byte[] field, byte[] value) {
    hash.put(field, value);
  }

  public static RZSet newZSet() {
    return new RZSet();
  }

  public static void put(RZSet zset, byte[] member, double score) {
    zset.put(member, score);
  }
}
