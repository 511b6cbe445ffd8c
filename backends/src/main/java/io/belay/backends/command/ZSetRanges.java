package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RZSet;
import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE in all its spellings (by rank, score or member, forward or reverse, with LIMIT),
 * ZRANGESTORE, and the ZREMRANGEBY* commands: one parser and one range walk, as Redis's
 * {@code zrangeGenericCommand} serves them all.
 */
final class ZSetRanges {

  /** How a range is given; AUTO until ZRANGE's BYSCORE or BYLEX says otherwise. */
  private enum By { AUTO, RANK, SCORE, LEX }

  private final Engine engine;

  ZSetRanges(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("zrange", (c, a) -> range(c, a, 1, false, By.AUTO, null));
    r.add("zrangestore", (c, a) -> range(c, a, 2, true, By.AUTO, null));
    r.add("zrevrange", (c, a) -> range(c, a, 1, false, By.RANK, true));
    r.add("zrangebyscore", (c, a) -> range(c, a, 1, false, By.SCORE, false));
    r.add("zrevrangebyscore", (c, a) -> range(c, a, 1, false, By.SCORE, true));
    r.add("zrangebylex", (c, a) -> range(c, a, 1, false, By.LEX, false));
    r.add("zrevrangebylex", (c, a) -> range(c, a, 1, false, By.LEX, true));
    r.add("zremrangebyrank", (c, a) -> removeRange(c, a, By.RANK));
    r.add("zremrangebyscore", (c, a) -> removeRange(c, a, By.SCORE));
    r.add("zremrangebylex", (c, a) -> removeRange(c, a, By.LEX));
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.dbIndex());
  }

  /**
   * @param first index of the source key
   * @param reverse null when REV may still be given (ZRANGE, ZRANGESTORE)
   */
  private void range(Client c, byte[][] args, int first, boolean store, By by, Boolean reverse) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    boolean limited = false;
    boolean rev = reverse != null && reverse;
    boolean revAllowed = reverse == null;
    for (int j = first + 3; j < args.length; j++) {
      int left = args.length - j - 1;
      if (!store && Args.is(args[j], "withscores")) {
        withScores = true;
      } else if (Args.is(args[j], "limit") && left >= 2) {
        offset = Args.toLong(args[j + 1]);
        limit = Args.toLong(args[j + 2]);
        limited = true;
        j += 2;
      } else if (revAllowed && !rev && Args.is(args[j], "rev")) {
        rev = true;
      } else if (by == By.AUTO && Args.is(args[j], "bylex")) {
        by = By.LEX;
      } else if (by == By.AUTO && Args.is(args[j], "byscore")) {
        by = By.SCORE;
      } else {
        throw Errors.syntax();
      }
    }
    if (by == By.AUTO) {
      by = By.RANK;
    }
    if (limited && limit != -1 && by == By.RANK) {
      throw new CommandException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }
    if (withScores && by == By.LEX) {
      throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
    }
    // BYSCORE and BYLEX ranges are given as max, min when reversed.
    byte[] lo = args[first + 1];
    byte[] hi = args[first + 2];
    if (rev && by != By.RANK) {
      byte[] t = lo;
      lo = hi;
      hi = t;
    }
    long start = 0;
    long end = 0;
    RZSet.Range range = null;
    switch (by) {
      case SCORE -> range = ZSetArgs.scoreRangeOrError(lo, hi);
      case LEX -> range = ZSetArgs.lexRangeOrError(lo, hi);
      default -> {
        start = Args.toLong(lo);
        end = Args.toLong(hi);
      }
    }
    RZSet z = Values.read(db(c), args[first], RZSet.class);
    List<RZSet.Node> nodes;
    if (z == null) {
      nodes = List.of();
    } else if (range == null) {
      nodes = byRank(z, start, end, rev);
    } else {
      nodes = inRange(z, range, offset, limit, rev);
    }
    if (store) {
      store(c, args[1], nodes);
    } else {
      ZSetCommands.replyNodes(c, nodes, withScores);
    }
  }

  /** Writes a ZRANGESTORE result: the new set replaces the destination, or deletes it when empty. */
  private void store(Client c, byte[] dst, List<RZSet.Node> nodes) {
    Database db = db(c);
    if (nodes.isEmpty()) {
      if (db.lookupWrite(dst) != null && db.delete(dst)) {
        engine.modified(db, dst);
      }
      c.out.integer(0);
      return;
    }
    RZSet result = new RZSet();
    for (RZSet.Node n : nodes) {
      result.put(n.member(), n.score());
    }
    db.put(dst, result, false);
    engine.modified(db, dst);
    engine.signalReady(db, dst);
    c.out.integer(result.size());
  }

  /** Ranks as ZRANGE takes them: negative from the end, clamped; null when empty. */
  static long[] clampRanks(long start, long end, long length) {
    if (start < 0) {
      start = length + start;
    }
    if (end < 0) {
      end = length + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= length) {
      return null;
    }
    if (end >= length) {
      end = length - 1;
    }
    return new long[] {start, end};
  }

  private static List<RZSet.Node> byRank(RZSet z, long start, long end, boolean rev) {
    long[] r = clampRanks(start, end, z.size());
    if (r == null) {
      return List.of();
    }
    int count = (int) (r[1] - r[0] + 1);
    List<RZSet.Node> out = new ArrayList<>(count);
    RZSet.Node n = rev ? z.byRank(z.size() - 1 - r[0]) : z.byRank(r[0]);
    for (int i = 0; i < count && n != null; i++) {
      out.add(n);
      n = rev ? n.prev() : n.next();
    }
    return out;
  }

  /** A BYSCORE or BYLEX walk: from the range's first (or, reversed, last) element, with LIMIT. */
  private static List<RZSet.Node> inRange(RZSet z, RZSet.Range range, long offset, long limit, boolean rev) {
    List<RZSet.Node> out = new ArrayList<>();
    if (offset > 0 && offset >= z.size()) {
      return out;
    }
    RZSet.Node n = rev ? z.lastIn(range) : z.firstIn(range);
    // A negative offset skips everything, as Redis's countdown never reaches zero.
    while (n != null && offset-- != 0) {
      n = rev ? n.prev() : n.next();
    }
    while (n != null && limit-- != 0) {
      if (rev ? !range.aboveMin(n) : !range.belowMax(n)) {
        break;
      }
      out.add(n);
      n = rev ? n.prev() : n.next();
    }
    return out;
  }

  private void removeRange(Client c, byte[][] args, By by) {
    long start = 0;
    long end = 0;
    RZSet.Range range = null;
    switch (by) {
      case SCORE -> range = ZSetArgs.scoreRangeOrError(args[2], args[3]);
      case LEX -> range = ZSetArgs.lexRangeOrError(args[2], args[3]);
      default -> {
        start = Args.toLong(args[2]);
        end = Args.toLong(args[3]);
      }
    }
    Database db = db(c);
    RZSet z = Values.write(db, args[1], RZSet.class);
    if (z == null) {
      c.out.integer(0);
      return;
    }
    int removed;
    if (range == null) {
      long[] r = clampRanks(start, end, z.size());
      removed = r == null ? 0 : z.removeRange(r[0], r[1]);
    } else {
      removed = z.removeRange(range);
    }
    if (removed > 0) {
      Values.deleteIfEmpty(db, args[1], z);
      engine.modified(db, args[1]);
    }
    c.out.integer(removed);
  }
}
