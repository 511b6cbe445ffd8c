package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The List family without blocking: pushes, pops, ranges, LINSERT, LPOS, LMOVE and LMPOP,
 * with redis-server 7.0's argument checks, in its order, and its replies. The blocking
 * variants live in {@link BlockingListCommands} and reuse the pops and moves here.
 */
final class ListCommands {

  private static final byte[] LPOP = "LPOP".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RPOP = "RPOP".getBytes(StandardCharsets.US_ASCII);

  /** An end of a list, as LMOVE's LEFT and RIGHT name them. */
  enum End {
    LEFT, RIGHT;

    /** LEFT or RIGHT, any case; a syntax error otherwise. */
    static End parse(byte[] arg) {
      if (Args.is(arg, "left")) {
        return LEFT;
      }
      if (Args.is(arg, "right")) {
        return RIGHT;
      }
      throw Errors.syntax();
    }

    byte[] pop(RList list) {
      return this == LEFT ? list.removeFirst() : list.removeLast();
    }

    void push(RList list, byte[] value) {
      if (this == LEFT) {
        list.addFirst(value);
      } else {
        list.addLast(value);
      }
    }

    byte[] popCommand() {
      return this == LEFT ? LPOP : RPOP;
    }
  }

  private final Engine engine;

  ListCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("lpush", (c, a) -> push(c, a, End.LEFT, false));
    r.add("rpush", (c, a) -> push(c, a, End.RIGHT, false));
    r.add("lpushx", (c, a) -> push(c, a, End.LEFT, true));
    r.add("rpushx", (c, a) -> push(c, a, End.RIGHT, true));
    r.add("lpop", (c, a) -> pop(c, a, End.LEFT));
    r.add("rpop", (c, a) -> pop(c, a, End.RIGHT));
    r.add("llen", this::llen);
    r.add("lindex", this::lindex);
    r.add("lset", this::lset);
    r.add("lrange", this::lrange);
    r.add("ltrim", this::ltrim);
    r.add("lrem", this::lrem);
    r.add("linsert", this::linsert);
    r.add("lpos", this::lpos);
    r.add("lmove", (c, a) -> lmove(c, a[1], a[2], End.parse(a[3]), End.parse(a[4])));
    r.add("rpoplpush", (c, a) -> lmove(c, a[1], a[2], End.RIGHT, End.LEFT));
    r.add("lmpop", this::lmpop);
    new BlockingListCommands(engine, this).register(r);
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.db);
  }

  /** Counts {@code writes} changes to {@code key} (Redis adds one per element) and tells the engine once. */
  private void changed(Database db, byte[] key, long writes) {
    engine.modified(db, key);
    if (writes > 1) {
      engine.dirty(writes - 1);
    }
  }

  private void push(Client c, byte[][] args, End end, boolean onlyIfExists) {
    Database db = db(c);
    RList list = Values.write(db, args[1], RList.class);
    if (list == null) {
      if (onlyIfExists) {
        c.out.integer(0);
        return;
      }
      list = new RList();
      db.add(args[1], list);
    }
    for (int i = 2; i < args.length; i++) {
      end.push(list, args[i]);
    }
    changed(db, args[1], args.length - 2);
    engine.signalReady(db, args[1]);
    c.out.integer(list.size());
  }

  private void pop(Client c, byte[][] args, End end) {
    if (args.length > 3) {
      throw Errors.wrongArity(Args.lower(args[0]));
    }
    boolean hasCount = args.length == 3;
    long count = hasCount ? positive(args[2], Errors.NOT_POSITIVE) : 0;
    Database db = db(c);
    RList list = Values.write(db, args[1], RList.class);
    if (list == null) {
      if (hasCount) {
        c.out.nullArray();
      } else {
        c.out.nullBulk();
      }
      return;
    }
    if (!hasCount) {
      c.out.bulk(end.pop(list));
      removed(db, args[1], list, 1);
      return;
    }
    if (count == 0) {
      c.out.arrayHeader(0);
      return;
    }
    popRange(c, db, args[1], list, end, count);
  }

  /** Pops up to {@code count} elements from a non-empty list, replying with them as an array; returns how many. */
  int popRange(Client c, Database db, byte[] key, RList list, End end, long count) {
    int n = (int) Math.min(count, list.size());
    c.out.arrayHeader(n);
    for (int i = 0; i < n; i++) {
      c.out.bulk(end.pop(list));
    }
    removed(db, key, list, n);
    return n;
  }

  /** After popping {@code n} elements: deletes the emptied list and records the change. */
  void removed(Database db, byte[] key, RList list, long n) {
    Values.deleteIfEmpty(db, key, list);
    changed(db, key, n);
  }

  private void llen(Client c, byte[][] args) {
    RList list = Values.read(db(c), args[1], RList.class);
    c.out.integer(list == null ? 0 : list.size());
  }

  private void lindex(Client c, byte[][] args) {
    RList list = Values.read(db(c), args[1], RList.class);
    if (list == null) {
      c.out.nullBulk();
      return;
    }
    long index = Args.toLong(args[2]);
    if (index < 0) {
      index += list.size();
    }
    c.out.bulk(index < 0 || index >= list.size() ? null : list.get((int) index));
  }

  private void lset(Client c, byte[][] args) {
    Database db = db(c);
    RList list = Values.write(db, args[1], RList.class);
    if (list == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    long index = Args.toLong(args[2]);
    if (index < 0) {
      index += list.size();
    }
    if (index < 0 || index >= list.size()) {
      throw new CommandException(Errors.INDEX_OUT_OF_RANGE);
    }
    list.set((int) index, args[3]);
    engine.modified(db, args[1]);
    c.out.ok();
  }

  private void lrange(Client c, byte[][] args) {
    long start = Args.toLong(args[2]);
    long end = Args.toLong(args[3]);
    RList list = Values.read(db(c), args[1], RList.class);
    if (list == null) {
      c.out.arrayHeader(0);
      return;
    }
    int size = list.size();
    if (start < 0) {
      start += size;
    }
    if (end < 0) {
      end += size;
    }
    if (start < 0) {
      start = 0;
    }
    if (start >= size || start > end) {
      c.out.arrayHeader(0);
      return;
    }
    if (end >= size) {
      end = size - 1;
    }
    c.out.arrayHeader((int) (end - start + 1));
    for (long i = start; i <= end; i++) {
      c.out.bulk(list.get((int) i));
    }
  }

  private void ltrim(Client c, byte[][] args) {
    long start = Args.toLong(args[2]);
    long end = Args.toLong(args[3]);
    Database db = db(c);
    RList list = Values.write(db, args[1], RList.class);
    if (list == null) {
      c.out.ok();
      return;
    }
    int size = list.size();
    if (start < 0) {
      start += size;
    }
    if (end < 0) {
      end += size;
    }
    if (start < 0) {
      start = 0;
    }
    int removed;
    if (start > end || start >= size) {
      removed = size;
      list.trim(0, -1);
    } else {
      if (end >= size) {
        end = size - 1;
      }
      removed = size - (int) (end - start + 1);
      list.trim((int) start, (int) end);
    }
    Values.deleteIfEmpty(db, args[1], list);
    if (removed > 0) {
      changed(db, args[1], removed);
    } else {
      // Redis signals the key modified even when LTRIM kept everything: WATCHers see a change.
      engine.watches().touch(db.id(), args[1]);
    }
    c.out.ok();
  }

  private void lrem(Client c, byte[][] args) {
    long count = Args.toLong(args[2]);
    Database db = db(c);
    RList list = Values.write(db, args[1], RList.class);
    if (list == null) {
      c.out.integer(0);
      return;
    }
    long removed = list.removeAll(args[3], count);
    if (removed > 0) {
      removed(db, args[1], list, removed);
    }
    c.out.integer(removed);
  }

  private void linsert(Client c, byte[][] args) {
    boolean after;
    if (Args.is(args[2], "after")) {
      after = true;
    } else if (Args.is(args[2], "before")) {
      after = false;
    } else {
      throw Errors.syntax();
    }
    Database db = db(c);
    RList list = Values.write(db, args[1], RList.class);
    if (list == null) {
      c.out.integer(0);
      return;
    }
    int pivot = list.indexOf(args[3], 0);
    if (pivot < 0) {
      c.out.integer(-1);
      return;
    }
    list.insert(after ? pivot + 1 : pivot, args[4]);
    engine.modified(db, args[1]);
    c.out.integer(list.size());
  }

  private void lpos(Client c, byte[][] args) {
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int i = 3; i < args.length; i++) {
      boolean more = i + 1 < args.length;
      if (Args.is(args[i], "rank") && more) {
        rank = Args.toLong(args[++i]);
        if (rank == 0) {
          throw new CommandException("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second"
              + " ... or use negative to start from the end of the list");
        }
      } else if (Args.is(args[i], "count") && more) {
        count = positive(args[++i], "ERR COUNT can't be negative");
      } else if (Args.is(args[i], "maxlen") && more) {
        maxlen = positive(args[++i], "ERR MAXLEN can't be negative");
      } else {
        throw Errors.syntax();
      }
    }
    boolean fromTail = rank < 0;
    if (fromTail) {
      // -Long.MIN_VALUE stays negative, so every match qualifies: redis-server's negation wraps the same way.
      rank = -rank;
    }
    RList list = Values.read(db(c), args[1], RList.class);
    if (list == null) {
      if (count != -1) {
        c.out.arrayHeader(0);
      } else {
        c.out.nullBulk();
      }
      return;
    }
    int size = list.size();
    long[] found = new long[count == -1 ? 1 : size];
    int nfound = 0;
    long matches = 0;
    for (int k = 0; k < size && (maxlen == 0 || k < maxlen); k++) {
      int index = fromTail ? size - 1 - k : k;
      if (!Arrays.equals(list.get(index), args[2])) {
        continue;
      }
      matches++;
      if (matches >= rank) {
        found[nfound++] = index;
        // matches - rank + 1 matches found so far; it wraps for RANK -LONG_MIN exactly as in redis-server
        if (count == -1 || (count > 0 && matches - rank + 1 >= count)) {
          break;
        }
      }
    }
    if (count == -1) {
      if (nfound == 0) {
        c.out.nullBulk();
      } else {
        c.out.integer(found[0]);
      }
      return;
    }
    c.out.arrayHeader(nfound);
    for (int i = 0; i < nfound; i++) {
      c.out.integer(found[i]);
    }
  }

  /**
   * LMOVE and RPOPLPUSH: pops from {@code source}'s {@code from} end, pushes to
   * {@code destination}'s {@code to} end, replies with the element (null if the source is empty).
   */
  void lmove(Client c, byte[] source, byte[] destination, End from, End to) {
    Database db = db(c);
    RList src = Values.write(db, source, RList.class);
    if (src == null) {
      c.out.nullBulk();
      return;
    }
    move(c, db, source, src, destination, from, to);
  }

  /** The move itself, from a non-empty list; WRONGTYPE (before any change) if the destination is not a list. */
  void move(Client c, Database db, byte[] source, RList src, byte[] destination, End from, End to) {
    RList dst = Values.write(db, destination, RList.class);
    byte[] value = from.pop(src);
    if (dst == null) {
      dst = new RList();
      db.add(destination, dst);
    }
    to.push(dst, value);
    engine.signalReady(db, destination);
    boolean sameKey = Arrays.equals(source, destination);
    if (!sameKey) {
      engine.modified(db, destination);
    }
    removed(db, source, src, 1);
    c.out.bulk(value);
  }

  private void lmpop(Client c, byte[][] args) {
    MpopArgs parsed = MpopArgs.parse(args, 1);
    Database db = db(c);
    for (int i = 0; i < parsed.numkeys(); i++) {
      byte[] key = args[2 + i];
      RList list = Values.write(db, key, RList.class);
      if (list != null && list.size() > 0) {
        popWithKey(c, db, key, list, parsed.end(), parsed.count());
        return;
      }
    }
    c.out.nullArray();
  }

  /** LMPOP's reply, {@code [key, [elements]]}, propagated as {@code LPOP key n} or {@code RPOP key n}. */
  void popWithKey(Client c, Database db, byte[] key, RList list, End end, long count) {
    c.out.arrayHeader(2).bulk(key);
    int n = popRange(c, db, key, list, end, count);
    c.propagate(end.popCommand(), key, Long.toString(n).getBytes(StandardCharsets.US_ASCII));
  }

  /** The arguments LMPOP and BLMPOP share: {@code numkeys key... LEFT|RIGHT [COUNT count]}. */
  record MpopArgs(int numkeys, End end, long count) {

    /** Parses from {@code args[numkeysIndex]}, with redis-server's checks in its order. */
    static MpopArgs parse(byte[][] args, int numkeysIndex) {
      long numkeys = Args.toLong(args[numkeysIndex], "ERR numkeys should be greater than 0");
      if (numkeys <= 0) {
        throw new CommandException("ERR numkeys should be greater than 0");
      }
      if (numkeys >= args.length - numkeysIndex - 1) {
        throw Errors.syntax();
      }
      int whereIndex = numkeysIndex + (int) numkeys + 1;
      End end = End.parse(args[whereIndex]);
      long count = -1;
      for (int i = whereIndex + 1; i < args.length; i++) {
        if (count == -1 && Args.is(args[i], "count") && i + 1 < args.length) {
          count = Args.toLong(args[++i], "ERR count should be greater than 0");
          if (count <= 0) {
            throw new CommandException("ERR count should be greater than 0");
          }
        } else {
          throw Errors.syntax();
        }
      }
      return new MpopArgs((int) numkeys, end, count == -1 ? 1 : count);
    }
  }

  /** A non-negative integer; {@code error} for anything else, as {@code getPositiveLongFromObjectOrReply}. */
  static long positive(byte[] arg, String error) {
    long v = Args.toLong(arg, error);
    if (v < 0) {
      throw new CommandException(error);
    }
    return v;
  }
}
