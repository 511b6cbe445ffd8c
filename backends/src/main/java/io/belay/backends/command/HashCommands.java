package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RHash;
import io.belay.protocol.Glob;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/** The hash family: HSET and friends, counters, HSCAN and HRANDFIELD. */
final class HashCommands {

  private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO = "0".getBytes(StandardCharsets.US_ASCII);

  private final Engine engine;

  HashCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("hset", (c, a) -> hset(c, a, false));
    r.add("hmset", (c, a) -> hset(c, a, true));
    r.add("hsetnx", this::hsetnx);
    r.add("hget", (c, a) -> {
      RHash h = Values.read(db(c), a[1], RHash.class);
      c.out.bulk(h == null ? null : h.get(a[2]));
    });
    r.add("hmget", this::hmget);
    r.add("hdel", this::hdel);
    r.add("hlen", (c, a) -> {
      RHash h = Values.read(db(c), a[1], RHash.class);
      c.out.integer(h == null ? 0 : h.size());
    });
    r.add("hstrlen", (c, a) -> {
      RHash h = Values.read(db(c), a[1], RHash.class);
      byte[] v = h == null ? null : h.get(a[2]);
      c.out.integer(v == null ? 0 : v.length);
    });
    r.add("hexists", (c, a) -> {
      RHash h = Values.read(db(c), a[1], RHash.class);
      c.out.integer(h != null && h.contains(a[2]) ? 1 : 0);
    });
    r.add("hkeys", (c, a) -> getAll(c, a, true, false));
    r.add("hvals", (c, a) -> getAll(c, a, false, true));
    r.add("hgetall", (c, a) -> getAll(c, a, true, true));
    r.add("hincrby", this::hincrby);
    r.add("hincrbyfloat", this::hincrbyfloat);
    r.add("hscan", this::hscan);
    r.add("hrandfield", this::hrandfield);
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.dbIndex());
  }

  private void hset(Client c, byte[][] args, boolean legacy) {
    if (args.length % 2 == 1) {
      throw Errors.wrongArity(legacy ? "hmset" : "hset");
    }
    Database db = db(c);
    RHash h = Values.writeOrCreate(db, args[1], RHash.class, RHash::new);
    for (int i = 2; i < args.length; i++) {
      h.noteLengths(args[i]);
    }
    int created = 0;
    for (int i = 2; i < args.length; i += 2) {
      if (h.put(args[i], args[i + 1])) {
        created++;
      }
    }
    engine.modified(db, args[1]);
    if (legacy) {
      c.out.ok();
    } else {
      c.out.integer(created);
    }
  }

  private void hsetnx(Client c, byte[][] args) {
    Database db = db(c);
    RHash h = Values.writeOrCreate(db, args[1], RHash.class, RHash::new);
    if (h.contains(args[2])) {
      c.out.integer(0);
      return;
    }
    h.put(args[2], args[3]);
    engine.modified(db, args[1]);
    c.out.integer(1);
  }

  private void hmget(Client c, byte[][] args) {
    RHash h = Values.read(db(c), args[1], RHash.class);
    c.out.arrayHeader(args.length - 2);
    for (int i = 2; i < args.length; i++) {
      c.out.bulk(h == null ? null : h.get(args[i]));
    }
  }

  private void hdel(Client c, byte[][] args) {
    Database db = db(c);
    RHash h = Values.write(db, args[1], RHash.class);
    if (h == null) {
      c.out.integer(0);
      return;
    }
    int deleted = 0;
    for (int i = 2; i < args.length && h.size() > 0; i++) {
      if (h.remove(args[i])) {
        deleted++;
      }
    }
    if (deleted > 0) {
      Values.deleteIfEmpty(db, args[1], h);
      engine.modified(db, args[1]);
    }
    c.out.integer(deleted);
  }

  private void getAll(Client c, byte[][] args, boolean keys, boolean values) {
    RHash h = Values.read(db(c), args[1], RHash.class);
    int n = h == null ? 0 : h.size();
    if (keys && values) {
      c.out.mapHeader(n);
    } else {
      c.out.arrayHeader(n);
    }
    if (h != null) {
      h.forEach((f, v) -> {
        if (keys) {
          c.out.bulk(f);
        }
        if (values) {
          c.out.bulk(v);
        }
      });
    }
  }

  private void hincrby(Client c, byte[][] args) {
    long incr = Args.toLong(args[3]);
    Database db = db(c);
    RHash h = Values.writeOrCreate(db, args[1], RHash.class, RHash::new);
    byte[] current = h.get(args[2]);
    long value = 0;
    if (current != null) {
      long[] parsed = new long[1];
      if (!Args.parseLong(current, parsed)) {
        throw new CommandException("ERR hash value is not an integer");
      }
      value = parsed[0];
    }
    if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
        || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
      throw new CommandException(Errors.OVERFLOW);
    }
    value += incr;
    h.put(args[2], Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    engine.modified(db, args[1]);
    c.out.integer(value);
  }

  /** In long double, like INCRBYFLOAT; replicated as HSET with the result so replicas agree. */
  private void hincrbyfloat(Client c, byte[][] args) {
    if (isInfinity(args[3])) {
      throw new CommandException("ERR value is NaN or Infinity");
    }
    BigDecimal incr = LongDouble.parse(args[3]);
    if (incr == null) {
      throw Errors.notFloat();
    }
    Database db = db(c);
    RHash h = Values.writeOrCreate(db, args[1], RHash.class, RHash::new);
    byte[] current = h.get(args[2]);
    BigDecimal value = BigDecimal.ZERO;
    if (current != null) {
      if (isInfinity(current)) {
        throw new CommandException("ERR increment would produce NaN or Infinity");
      }
      value = LongDouble.parse(current);
      if (value == null) {
        throw new CommandException("ERR hash value is not a float");
      }
    }
    BigDecimal result = LongDouble.add(value, incr);
    if (result == null) {
      throw new CommandException("ERR increment would produce NaN or Infinity");
    }
    byte[] formatted = LongDouble.format(result).getBytes(StandardCharsets.US_ASCII);
    h.put(args[2], formatted);
    engine.modified(db, args[1]);
    c.out.bulk(formatted);
    c.propagate(HSET, args[1], args[2], formatted);
  }

  /** "inf", "-infinity", ...: what strtold reads as infinite, which Redis rejects by name. */
  private static boolean isInfinity(byte[] arg) {
    if (arg.length == 0 || ZSetArgs.isSpace(arg[0])) {
      return false;
    }
    ZSetArgs.Parsed p = ZSetArgs.strtod(arg, 0);
    return p.used() == arg.length && Double.isInfinite(p.value()) && !p.outOfRange();
  }

  private void hscan(Client c, byte[][] args) {
    long cursor = KeyCommands.parseCursor(args[2]);
    RHash h = Values.read(db(c), args[1], RHash.class);
    if (h == null) {
      replyEmptyScan(c);
      return;
    }
    ScanOptions options = ScanOptions.parse(args, 3);
    List<byte[]> found = new ArrayList<>();
    if (h.isListpack()) {
      h.forEach((f, v) -> {
        found.add(f);
        found.add(v);
      });
      cursor = 0;
    } else {
      cursor = options.scan(cursor, found, (cur, sink) -> h.scan(cur, (f, v) -> sink.accept(f, v)));
    }
    options.reply(c, cursor, found);
  }

  static void replyEmptyScan(Client c) {
    c.out.arrayHeader(2).bulk(ZERO).arrayHeader(0);
  }

  /** SCAN's COUNT and MATCH for a key's elements (HSCAN, ZSCAN), read the way Redis reads them. */
  record ScanOptions(long count, byte[] pattern) {

    /** One dictScan step feeding (element, value) pairs; returns the next cursor. */
    interface Step {
      long scan(long cursor, BiConsumer<byte[], byte[]> sink);
    }

    static ScanOptions parse(byte[][] args, int from) {
      long count = 10;
      byte[] pattern = null;
      for (int i = from; i < args.length; i += 2) {
        boolean hasValue = args.length - i >= 2;
        if (Args.is(args[i], "count") && hasValue) {
          count = Args.toLong(args[i + 1]);
          if (count < 1) {
            throw Errors.syntax();
          }
        } else if (Args.is(args[i], "match") && hasValue) {
          byte[] p = args[i + 1];
          pattern = p.length == 1 && p[0] == '*' ? null : p;
        } else {
          throw Errors.syntax();
        }
      }
      return new ScanOptions(count, pattern);
    }

    /** Scans pairs until COUNT elements (two entries each) or ten times COUNT empty steps. */
    long scan(long cursor, List<byte[]> found, Step step) {
      long wanted = count * 2;
      long maxIterations = wanted * 10;
      do {
        cursor = step.scan(cursor, (e, v) -> {
          found.add(e);
          found.add(v);
        });
      } while (cursor != 0 && maxIterations-- != 0 && found.size() < wanted);
      return cursor;
    }

    /** Filters pairs by MATCH on their element and writes the SCAN reply. */
    void reply(Client c, long cursor, List<byte[]> pairs) {
      List<byte[]> out = pairs;
      if (pattern != null) {
        out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i += 2) {
          if (Glob.matches(pattern, pairs.get(i), false)) {
            out.add(pairs.get(i));
            out.add(pairs.get(i + 1));
          }
        }
      }
      c.out.arrayHeader(2).bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII)).array(out);
    }
  }

  private void hrandfield(Client c, byte[][] args) {
    if (args.length >= 3) {
      long count = RandomCount.parse(args, "withvalues");
      boolean withValues = args.length == 4;
      RHash h = Values.read(db(c), args[1], RHash.class);
      if (h == null || count == 0) {
        c.out.arrayHeader(0);
        return;
      }
      randomWithCount(c, h, count, withValues);
      return;
    }
    RHash h = Values.read(db(c), args[1], RHash.class);
    c.out.bulk(h == null ? null : h.randomField(engine.keyspace().random()));
  }

  private void randomWithCount(Client c, RHash h, long count, boolean withValues) {
    RandomGenerator random = engine.keyspace().random();
    boolean resp3 = c.protocol() > 2;
    if (count < 0 || count == 1) {
      long n = Math.abs(count);
      c.out.arrayHeader(checkedLength(withValues && !resp3 ? n * 2 : n));
      for (long i = 0; i < n; i++) {
        byte[] f = h.randomField(random);
        pair(c, f, h.get(f), withValues, resp3);
      }
      return;
    }
    int size = h.size();
    List<byte[]> fields = new ArrayList<>(size);
    h.forEach((f, v) -> fields.add(f));
    List<byte[]> chosen;
    if (count >= size) {
      chosen = fields;
    } else if (count * 3 > size) {
      // Most of the hash: drop random fields until count remain.
      RandomCount.dropRandomly(fields, size - (int) count, random);
      chosen = fields;
    } else {
      chosen = new ArrayList<>((int) count);
      HashSet<java.nio.ByteBuffer> seen = new HashSet<>();
      while (chosen.size() < count) {
        byte[] f = h.randomField(random);
        if (seen.add(java.nio.ByteBuffer.wrap(f))) {
          chosen.add(f);
        }
      }
    }
    c.out.arrayHeader(withValues && !resp3 ? chosen.size() * 2 : chosen.size());
    for (byte[] f : chosen) {
      pair(c, f, h.get(f), withValues, resp3);
    }
  }

  private static void pair(Client c, byte[] field, byte[] value, boolean withValues, boolean resp3) {
    if (withValues && resp3) {
      c.out.arrayHeader(2);
    }
    c.out.bulk(field);
    if (withValues) {
      c.out.bulk(value);
    }
  }

  /** The count argument of HRANDFIELD and ZRANDMEMBER, with its WITHVALUES/WITHSCORES word. */
  static final class RandomCount {

    private RandomCount() {
    }

    static long parse(byte[][] args, String withWord) {
      long count = Args.toLong(args[2]);
      if (count == Long.MIN_VALUE) {
        throw new CommandException(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
      }
      if (args.length > 4 || (args.length == 4 && !Args.is(args[3], withWord))) {
        throw Errors.syntax();
      }
      if (args.length == 4 && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
        throw new CommandException("ERR value is out of range");
      }
      return count;
    }

    /** Removes {@code drop} uniformly chosen items (their order is not kept). */
    static <T> void dropRandomly(List<T> items, int drop, RandomGenerator random) {
      for (int k = 0; k < drop; k++) {
        int i = random.nextInt(items.size());
        int last = items.size() - 1;
        items.set(i, items.get(last));
        items.remove(last);
      }
    }
  }

  static int checkedLength(long n) {
    if (n > Integer.MAX_VALUE) {
      throw new CommandException("ERR value is out of range");
    }
    return (int) n;
  }
}
