package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RObject;
import io.belay.backends.engine.RZSet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms. Whatever form popped, replicas get a
 * plain ZPOPMIN/ZPOPMAX of the key that was served, so they never block or pick a key.
 */
final class ZSetPops {

  private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);

  /** The shape of the reply, which differs between the four commands and the protocols. */
  private enum Shape {
    /** ZPOPMIN/ZPOPMAX: member, score, ... (pairs in RESP3 when a count was given). */
    PLAIN,
    /** BZPOPMIN/BZPOPMAX: key, member, score. */
    KEYED,
    /** ZMPOP/BZMPOP: key, [[member, score], ...]. */
    NESTED
  }

  private final Engine engine;

  ZSetPops(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("zpopmin", (c, a) -> zpop(c, a, false));
    r.add("zpopmax", (c, a) -> zpop(c, a, true));
    r.add("zmpop", (c, a) -> zmpop(c, a, 1, false));
    r.add("bzmpop", (c, a) -> zmpop(c, a, 2, true));
    r.add("bzpopmin", (c, a) -> bzpop(c, a, false));
    r.add("bzpopmax", (c, a) -> bzpop(c, a, true));
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.dbIndex());
  }

  private void zpop(Client c, byte[][] args, boolean max) {
    if (args.length > 3) {
      throw Errors.syntax();
    }
    long count = -1;
    if (args.length == 3) {
      count = Args.toLong(args[2], Errors.NOT_POSITIVE);
      if (count < 0) {
        throw new CommandException(Errors.NOT_POSITIVE);
      }
    }
    Database db = db(c);
    RZSet z = null;
    byte[] key = args[1];
    z = Values.write(db, key, RZSet.class);
    if (z == null) {
      c.out.arrayHeader(0);
      return;
    }
    if (count == 0) {
      c.out.arrayHeader(0);
      return;
    }
    pop(c, db, key, z, max, Shape.PLAIN, count, c.protocol() > 2 && count != -1);
  }

  private void zmpop(Client c, byte[][] args, int numkeysIndex, boolean blocking) {
    long numkeys = Args.toLong(args[numkeysIndex], "ERR numkeys should be greater than 0");
    if (numkeys < 1) {
      throw new CommandException("ERR numkeys should be greater than 0");
    }
    long whereIndex = numkeysIndex + numkeys + 1;
    if (whereIndex >= args.length) {
      throw Errors.syntax();
    }
    int w = (int) whereIndex;
    boolean max;
    if (Args.is(args[w], "min")) {
      max = false;
    } else if (Args.is(args[w], "max")) {
      max = true;
    } else {
      throw Errors.syntax();
    }
    long count = -1;
    for (int j = w + 1; j < args.length; j++) {
      boolean more = args.length - 1 - j > 0;
      if (count == -1 && Args.is(args[j], "count") && more) {
        j++;
        count = Args.toLong(args[j], "ERR count should be greater than 0");
        if (count < 1) {
          throw new CommandException("ERR count should be greater than 0");
        }
      } else {
        throw Errors.syntax();
      }
    }
    if (count == -1) {
      count = 1;
    }
    byte[][] keys = Arrays.copyOfRange(args, numkeysIndex + 1, w);
    if (blocking) {
      blockingPop(c, keys, args[1], max, count, Shape.NESTED);
      return;
    }
    Database db = db(c);
    for (byte[] key : keys) {
      RZSet z = Values.write(db, key, RZSet.class);
      if (z != null) {
        pop(c, db, key, z, max, Shape.NESTED, count, true);
        return;
      }
    }
    c.out.nullArray();
  }

  private void bzpop(Client c, byte[][] args, boolean max) {
    byte[][] keys = Arrays.copyOfRange(args, 1, args.length - 1);
    blockingPop(c, keys, args[args.length - 1], max, -1, Shape.KEYED);
  }

  private void blockingPop(Client c, byte[][] keys, byte[] timeoutArg, boolean max, long count, Shape shape) {
    long timeout = ZSetArgs.timeoutMillis(timeoutArg);
    Database db = db(c);
    for (byte[] key : keys) {
      RZSet z = Values.write(db, key, RZSet.class);
      if (z != null && z.size() > 0) {
        pop(c, db, key, z, max, shape, count, shape == Shape.NESTED);
        return;
      }
    }
    if (!c.mayBlock()) {
      c.out.nullArray();
      return;
    }
    engine.blocking().block(c, c.dbIndex(), keys, timeout, new Blocking.Waiter() {
      @Override
      public boolean tryServe(Client client) {
        Database db = db(client);
        for (byte[] key : keys) {
          RObject o = db.peek(key);
          if (o != null && o.value() instanceof RZSet z && z.size() > 0) {
            db.lookupWrite(key);
            pop(client, db, key, z, max, shape, count, shape == Shape.NESTED);
            return true;
          }
        }
        return false;
      }

      @Override
      public void timedOut(Client client) {
        client.out.nullArray();
      }
    });
  }

  /**
   * Pops up to {@code count} elements (-1: one, without a count in the reply's shape) from
   * the min or max end, writes the reply, deletes an emptied key and records the change.
   */
  private void pop(Client c, Database db, byte[] key, RZSet z, boolean max, Shape shape, long count, boolean pairs) {
    long n = Math.min(count == -1 ? 1 : count, z.size());
    switch (shape) {
      case PLAIN -> c.out.arrayHeader((int) (pairs ? n : n * 2));
      case KEYED -> c.out.arrayHeader((int) (n * 2 + 1)).bulk(key);
      case NESTED -> c.out.arrayHeader(2).bulk(key).arrayHeader((int) n);
      default -> throw new IllegalStateException();
    }
    for (long i = 0; i < n; i++) {
      RZSet.Node node = max ? z.last() : z.first();
      z.remove(node.member());
      if (pairs) {
        c.out.arrayHeader(2);
      }
      c.out.bulk(node.member());
      ZSetCommands.score(c, node.score());
    }
    Values.deleteIfEmpty(db, key, z);
    engine.modified(db, key);
    if (shape != Shape.PLAIN) {
      byte[] name = max ? ZPOPMAX : ZPOPMIN;
      if (count == -1) {
        c.propagate(name, key);
      } else {
        c.propagate(name, key, Long.toString(count).getBytes(StandardCharsets.US_ASCII));
      }
    }
  }
}
