package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Dict;
import io.belay.backends.engine.RSet;
import io.belay.protocol.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Set family: membership, SPOP and SRANDMEMBER, SMOVE and SSCAN, with redis-server
 * 7.0's argument checks and replies (a RESP3 set where Redis sends one). The algebra
 * (SINTER, SUNION, SDIFF and their STORE and CARD forms) is in {@link SetAlgebraCommands}.
 */
final class SetCommands {

  private static final byte[] SREM = "SREM".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
  /** SPOP with a count rebuilds the set from its survivors when fewer than count/5 remain, as Redis does. */
  private static final int SPOP_MOVE_STRATEGY_MUL = 5;

  private final Engine engine;

  SetCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("sadd", this::sadd);
    r.add("srem", this::srem);
    r.add("smembers", this::smembers);
    r.add("sismember", this::sismember);
    r.add("smismember", this::smismember);
    r.add("scard", this::scard);
    r.add("spop", this::spop);
    r.add("srandmember", this::srandmember);
    r.add("smove", this::smove);
    r.add("sscan", this::sscan);
    new SetAlgebraCommands(engine).register(r);
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.db);
  }

  private RandomGenerator random() {
    return engine.keyspace().random();
  }

  /** Tells the engine {@code key} changed, counting {@code writes} as Redis does (one per member). */
  private void changed(Database db, byte[] key, long writes) {
    engine.modified(db, key);
    if (writes > 1) {
      engine.dirty(writes - 1);
    }
  }

  private void sadd(Client c, byte[][] args) {
    Database db = db(c);
    RSet set = Values.writeOrCreate(db, args[1], RSet.class, RSet::new);
    int added = 0;
    for (int i = 2; i < args.length; i++) {
      if (set.add(args[i])) {
        added++;
      }
    }
    if (added > 0) {
      changed(db, args[1], added);
    }
    c.out.integer(added);
  }

  private void srem(Client c, byte[][] args) {
    Database db = db(c);
    RSet set = Values.write(db, args[1], RSet.class);
    int removed = 0;
    if (set != null) {
      for (int i = 2; i < args.length && set.size() > 0; i++) {
        if (set.remove(args[i])) {
          removed++;
        }
      }
      if (removed > 0) {
        Values.deleteIfEmpty(db, args[1], set);
        changed(db, args[1], removed);
      }
    }
    c.out.integer(removed);
  }

  private void smembers(Client c, byte[][] args) {
    RSet set = Values.read(db(c), args[1], RSet.class);
    if (set == null) {
      c.out.setHeader(0);
      return;
    }
    List<byte[]> members = set.toList();
    c.out.setHeader(members.size());
    for (byte[] m : members) {
      c.out.bulk(m);
    }
  }

  private void sismember(Client c, byte[][] args) {
    RSet set = Values.read(db(c), args[1], RSet.class);
    c.out.integer(set != null && set.contains(args[2]) ? 1 : 0);
  }

  private void smismember(Client c, byte[][] args) {
    RSet set = Values.read(db(c), args[1], RSet.class);
    c.out.arrayHeader(args.length - 2);
    for (int i = 2; i < args.length; i++) {
      c.out.integer(set != null && set.contains(args[i]) ? 1 : 0);
    }
  }

  private void scard(Client c, byte[][] args) {
    RSet set = Values.read(db(c), args[1], RSet.class);
    c.out.integer(set == null ? 0 : set.size());
  }

  private void smove(Client c, byte[][] args) {
    Database db = db(c);
    if (db.lookupWrite(args[1]) == null) {
      c.out.integer(0);
      return;
    }
    RSet src = Values.write(db, args[1], RSet.class);
    RSet dst = Values.write(db, args[2], RSet.class);
    if (src == dst) {
      c.out.integer(src.contains(args[3]) ? 1 : 0);
      return;
    }
    if (!src.remove(args[3])) {
      c.out.integer(0);
      return;
    }
    Values.deleteIfEmpty(db, args[1], src);
    engine.modified(db, args[1]);
    if (dst == null) {
      dst = new RSet();
      db.add(args[2], dst);
    }
    if (dst.add(args[3])) {
      engine.modified(db, args[2]);
    }
    c.out.integer(1);
  }

  private void spop(Client c, byte[][] args) {
    if (args.length > 3) {
      throw Errors.syntax();
    }
    if (args.length == 3) {
      spopWithCount(c, args);
      return;
    }
    Database db = db(c);
    RSet set = Values.write(db, args[1], RSet.class);
    if (set == null) {
      c.out.nullBulk();
      return;
    }
    byte[] member = set.pop(random());
    c.propagate(SREM, args[1], member);
    c.out.bulk(member);
    Values.deleteIfEmpty(db, args[1], set);
    engine.modified(db, args[1]);
  }

  /** SPOP with a count: replicated as SREMs of what was popped, or as DEL when it took everything. */
  private void spopWithCount(Client c, byte[][] args) {
    long count = positive(args[2], Errors.NOT_POSITIVE);
    Database db = db(c);
    byte[] key = args[1];
    RSet set = Values.write(db, key, RSet.class);
    if (set == null || count == 0) {
      c.out.setHeader(0);
      return;
    }
    int size = set.size();
    if (count >= size) {
      List<byte[]> all = set.toList();
      c.out.setHeader(all.size());
      for (byte[] m : all) {
        c.out.bulk(m);
      }
      db.delete(key);
      changed(db, key, size);
      c.propagate(DEL, key);
      return;
    }
    int n = (int) count;
    int remaining = size - n;
    c.out.setHeader(n);
    if ((long) remaining * SPOP_MOVE_STRATEGY_MUL > n) {
      for (int i = 0; i < n; i++) {
        byte[] m = set.pop(random());
        c.out.bulk(m);
        c.propagate(SREM, key, m);
      }
    } else {
      // Few survivors: move them to a fresh set (which may be an intset again) and hand out the rest.
      RSet kept = new RSet();
      for (int i = 0; i < remaining; i++) {
        byte[] m = set.pop(random());
        kept.add(m);
      }
      set.members().forEach((m, ignored) -> {
        c.out.bulk(m);
        c.propagate(SREM, key, m);
      });
      db.put(key, kept, true);
    }
    changed(db, key, n);
  }

  private void srandmember(Client c, byte[][] args) {
    if (args.length > 3) {
      throw Errors.syntax();
    }
    if (args.length == 3) {
      srandmemberWithCount(c, args);
      return;
    }
    RSet set = Values.read(db(c), args[1], RSet.class);
    c.out.bulk(set == null ? null : set.random(random()));
  }

  private void srandmemberWithCount(Client c, byte[][] args) {
    long l = Args.toLong(args[2]);
    if (l == Long.MIN_VALUE) {
      throw new CommandException("ERR value is out of range, value must between " + -Long.MAX_VALUE + " and "
          + Long.MAX_VALUE);
    }
    boolean unique = l >= 0;
    long count = Math.abs(l);
    RSet set = Values.read(db(c), args[1], RSet.class);
    if (set == null || count == 0) {
      c.out.arrayHeader(0);
      return;
    }
    RandomGenerator random = random();
    if (!unique || count == 1) {
      // Repetitions allowed: each element drawn independently, as many as asked (past 2^31 too, like Redis).
      c.out.raw(("*" + count + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (long i = 0; i < count; i++) {
        c.out.bulk(set.random(random));
      }
      return;
    }
    List<byte[]> members = set.toList();
    if (count >= members.size()) {
      c.out.array(members);
      return;
    }
    // A partial Fisher-Yates shuffle: the first count slots become a uniform sample without repetition.
    int n = (int) count;
    for (int i = 0; i < n; i++) {
      Collections.swap(members, i, i + random.nextInt(members.size() - i));
    }
    c.out.array(members.subList(0, n));
  }

  /** A non-negative integer; {@code error} for anything else, as {@code getPositiveLongFromObjectOrReply}. */
  static long positive(byte[] arg, String error) {
    long v = Args.toLong(arg, error);
    if (v < 0) {
      throw new CommandException(error);
    }
    return v;
  }

  private void sscan(Client c, byte[][] args) {
    long cursor = KeyCommands.parseCursor(args[2]);
    RSet set = Values.read(db(c), args[1], RSet.class);
    if (set == null) {
      c.out.arrayHeader(2).bulk(Args.bytes("0")).arrayHeader(0);
      return;
    }
    byte[] pattern = null;
    long count = 10;
    for (int i = 3; i < args.length; i++) {
      boolean more = i + 1 < args.length;
      if (Args.is(args[i], "count") && more) {
        count = Args.toLong(args[++i]);
        if (count < 1) {
          throw Errors.syntax();
        }
      } else if (Args.is(args[i], "match") && more) {
        byte[] p = args[++i];
        pattern = p.length == 1 && p[0] == '*' ? null : p;
      } else {
        throw Errors.syntax();
      }
    }
    List<byte[]> found;
    if (set.isIntset()) {
      // Redis returns a compact set whole, with cursor 0: there is no table to resume in.
      found = set.toList();
      cursor = 0;
    } else {
      found = new ArrayList<>();
      Dict<Boolean> dict = set.members();
      // "budget-- != 0" is redis-server's "maxiterations--": true for any non-zero value, even an overflowed one
      long budget = count * 10;
      do {
        cursor = dict.scan(cursor, (m, ignored) -> found.add(m));
      } while (cursor != 0 && budget-- != 0 && found.size() < count);
    }
    List<byte[]> out = found;
    if (pattern != null) {
      out = new ArrayList<>(found.size());
      for (byte[] m : found) {
        if (Glob.matches(pattern, m, false)) {
          out.add(m);
        }
      }
    }
    c.out.arrayHeader(2).bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII)).array(out);
  }
}
