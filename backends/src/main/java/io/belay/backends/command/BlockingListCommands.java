package io.belay.backends.command;

import io.belay.backends.command.ListCommands.End;
import io.belay.backends.command.ListCommands.MpopArgs;
import io.belay.backends.engine.Database;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH. Each serves at once when a list has elements;
 * otherwise it blocks, and is served from the key a later push made ready, first blocked
 * first served. What a served client did is propagated as the plain command Redis
 * propagates (LPOP, RPOP with a count, LMOVE, RPOPLPUSH), never as the blocking one.
 */
final class BlockingListCommands {

  private static final byte[] LMOVE = "LMOVE".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RPOPLPUSH = "RPOPLPUSH".getBytes(StandardCharsets.US_ASCII);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  /** Stands for an infinity: any value past LLONG_MAX converts alike. */
  private static final BigDecimal HUGE = BigDecimal.TEN.pow(30);
  /** Below the smallest long double, strtold underflows and Redis rejects the number. */
  private static final BigDecimal LONG_DOUBLE_TINY = new BigDecimal("3.6e-4951");
  /** Timeouts beyond this (about 35,000 years) never fire; redis-server's overflow past LLONG_MAX never fires either. */
  private static final long FOREVER_MS = 1L << 50;

  private final Engine engine;
  private final ListCommands lists;

  BlockingListCommands(Engine engine, ListCommands lists) {
    this.engine = engine;
    this.lists = lists;
  }

  void register(CommandRegistry r) {
    r.add("blpop", (c, a) -> blockingPop(c, a, End.LEFT));
    r.add("brpop", (c, a) -> blockingPop(c, a, End.RIGHT));
    r.add("blmpop", this::blmpop);
    r.add("blmove", (c, a) -> {
      End from = End.parse(a[3]);
      End to = End.parse(a[4]);
      blmove(c, a, from, to, timeoutMillis(a[5]), false);
    });
    r.add("brpoplpush", (c, a) -> blmove(c, a, End.RIGHT, End.LEFT, timeoutMillis(a[3]), true));
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.db);
  }

  private void blockingPop(Client c, byte[][] args, End end) {
    long timeout = timeoutMillis(args[args.length - 1]);
    byte[][] keys = Arrays.copyOfRange(args, 1, args.length - 1);
    popOrBlock(c, keys, end, -1, timeout);
  }

  private void blmpop(Client c, byte[][] args) {
    MpopArgs parsed = MpopArgs.parse(args, 2);
    long timeout = timeoutMillis(args[1]);
    byte[][] keys = Arrays.copyOfRange(args, 3, 3 + parsed.numkeys());
    popOrBlock(c, keys, parsed.end(), parsed.count(), timeout);
  }

  /** {@code count} is -1 for BLPOP/BRPOP (reply {@code [key, element]}), else BLMPOP's count. */
  private void popOrBlock(Client c, byte[][] keys, End end, long count, long timeout) {
    Database db = db(c);
    for (byte[] key : keys) {
      RList list = Values.write(db, key, RList.class);
      if (list != null && list.size() > 0) {
        pop(c, db, key, list, end, count);
        return;
      }
    }
    if (!c.mayBlock()) {
      c.out.nullArray();
      return;
    }
    engine.blocking().block(c, c.db, keys, timeout, new Blocking.Waiter() {
      @Override
      public boolean tryServe(Client client) {
        for (byte[] key : keys) {
          if (tryServe(client, key)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean tryServe(Client client, byte[] readyKey) {
        Database db = db(client);
        RList list = nonEmptyList(db, readyKey);
        if (list == null) {
          return false;
        }
        pop(client, db, readyKey, list, end, count);
        return true;
      }

      @Override
      public void timedOut(Client client) {
        client.out.nullArray();
      }
    });
  }

  private void pop(Client c, Database db, byte[] key, RList list, End end, long count) {
    if (count != -1) {
      lists.popWithKey(c, db, key, list, end, count);
      return;
    }
    c.out.arrayHeader(2).bulk(key).bulk(end.pop(list));
    lists.removed(db, key, list, 1);
    c.propagate(end.popCommand(), key);
  }

  private void blmove(Client c, byte[][] args, End from, End to, long timeout, boolean rpoplpush) {
    byte[] source = args[1];
    byte[] destination = args[2];
    Database db = db(c);
    RList src = Values.write(db, source, RList.class);
    if (src != null) {
      lists.move(c, db, source, src, destination, from, to);
      propagateMove(c, source, destination, from, to, rpoplpush);
      return;
    }
    if (!c.mayBlock()) {
      c.out.nullBulk();
      return;
    }
    engine.blocking().block(c, c.db, new byte[][] {source}, timeout, new Blocking.Waiter() {
      @Override
      public boolean tryServe(Client client) {
        Database db = db(client);
        RList list = nonEmptyList(db, source);
        if (list == null) {
          return false;
        }
        RObject dst = db.lookupWrite(destination);
        if (dst != null && !(dst.value() instanceof RList)) {
          // Redis 7.0 answers the blocked client with the error and unblocks it, leaving the source as it was.
          client.out.error(Errors.WRONGTYPE);
          return true;
        }
        lists.move(client, db, source, list, destination, from, to);
        propagateMove(client, source, destination, from, to, rpoplpush);
        return true;
      }

      @Override
      public void timedOut(Client client) {
        // A timed-out BLMOVE answers with a null array in RESP2, unlike its null bulk inside MULTI.
        client.out.nullArray();
      }
    });
  }

  private static void propagateMove(Client c, byte[] source, byte[] destination, End from, End to,
      boolean rpoplpush) {
    if (rpoplpush) {
      c.propagate(RPOPLPUSH, source, destination);
    } else {
      c.propagate(LMOVE, source, destination, Args.bytes(from.name()), Args.bytes(to.name()));
    }
  }

  /** The list at {@code key} if it has elements; null when absent, empty, or another type (stay blocked). */
  private static RList nonEmptyList(Database db, byte[] key) {
    RObject o = db.lookupWrite(key);
    if (o == null || !(o.value() instanceof RList list) || list.size() == 0) {
      return null;
    }
    return list;
  }

  /**
   * A blocking command's timeout in milliseconds, 0 for none, as redis-server 7.0 computes it:
   * seconds parsed as a long double, times 1000 rounded up; a value that does not fit a
   * {@code long long} converts to LLONG_MIN on x86 and so reads as negative.
   */
  static long timeoutMillis(byte[] arg) {
    BigDecimal seconds = parseLongDouble(arg);
    if (seconds == null) {
      throw new CommandException("ERR timeout is not a float or out of range");
    }
    BigDecimal ms = seconds.signum() == 0 ? BigDecimal.ZERO : LongDouble.round(seconds.multiply(THOUSAND));
    if (ms == null || ms.abs().compareTo(LONG_MAX) > 0) {
      throw new CommandException("ERR timeout is negative");
    }
    long v = ms.setScale(0, RoundingMode.CEILING).longValueExact();
    if (v < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    return v > FOREVER_MS ? 0 : v;
  }

  /** The text as {@code string2ld} reads it; an infinity as a value past every long; null if rejected. */
  private static BigDecimal parseLongDouble(byte[] arg) {
    BigDecimal v = LongDouble.parse(arg);
    if (v != null) {
      if (v.signum() != 0 && v.abs().compareTo(LONG_DOUBLE_TINY) < 0) {
        return null;
      }
      return v;
    }
    Double d = Args.parseDouble(arg);
    if (d == null) {
      return null;
    }
    if (Double.isInfinite(d)) {
      String s = Args.lower(arg);
      boolean literal = s.startsWith("inf") || s.startsWith("+inf") || s.startsWith("-inf");
      // A finite number too large for a long double overflows strtold: Redis rejects it.
      return literal ? (d > 0 ? HUGE : HUGE.negate()) : null;
    }
    return new BigDecimal(d);
  }
}
