package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SINTER, SINTERCARD, SUNION, SDIFF and the STORE forms. Every key is type-checked before
 * any work, as redis-server does (a missing key is an empty set, a string is WRONGTYPE).
 * A STORE replaces the destination whatever it held and clears its TTL; an empty result
 * deletes it.
 */
final class SetAlgebraCommands {

  /** The three operations; {@link #INTER} has its own loop, the others build their result alike. */
  private enum Op { INTER, UNION, DIFF }

  private final Engine engine;

  SetAlgebraCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("sinter", (c, a) -> reply(c, compute(c, Op.INTER, a, 1, 0)));
    r.add("sunion", (c, a) -> reply(c, compute(c, Op.UNION, a, 1, 0)));
    r.add("sdiff", (c, a) -> reply(c, compute(c, Op.DIFF, a, 1, 0)));
    r.add("sinterstore", (c, a) -> store(c, a[1], compute(c, Op.INTER, a, 2, 0)));
    r.add("sunionstore", (c, a) -> store(c, a[1], compute(c, Op.UNION, a, 2, 0)));
    r.add("sdiffstore", (c, a) -> store(c, a[1], compute(c, Op.DIFF, a, 2, 0)));
    r.add("sintercard", this::sintercard);
  }

  private void sintercard(Client c, byte[][] args) {
    String numkeysError = "ERR numkeys should be greater than 0";
    long numkeys = Args.toLong(args[1], numkeysError);
    if (numkeys <= 0) {
      throw new CommandException(numkeysError);
    }
    if (numkeys > args.length - 2) {
      throw new CommandException("ERR Number of keys can't be greater than number of args");
    }
    long limit = 0;
    for (int i = 2 + (int) numkeys; i < args.length; i++) {
      if (Args.is(args[i], "limit") && i + 1 < args.length) {
        limit = SetCommands.positive(args[++i], "ERR LIMIT can't be negative");
      } else {
        throw Errors.syntax();
      }
    }
    byte[][] keys = Arrays.copyOfRange(args, 0, 2 + (int) numkeys);
    c.out.integer(compute(c, Op.INTER, keys, 2, limit).size());
  }

  /**
   * The result of {@code op} over the sets at {@code args[from..]}, in the order Redis would
   * reply with it; {@code limit} stops an intersection early (0: no limit).
   */
  private List<byte[]> compute(Client c, Op op, byte[][] args, int from, long limit) {
    Database db = engine.keyspace().db(c.db);
    List<RSet> sets = new ArrayList<>(args.length - from);
    boolean anyMissing = false;
    for (int i = from; i < args.length; i++) {
      RSet s = Values.read(db, args[i], RSet.class);
      anyMissing |= s == null;
      sets.add(s);
    }
    return switch (op) {
      case INTER -> anyMissing ? List.of() : intersection(sets, limit);
      case UNION -> combine(sets, false);
      case DIFF -> combine(sets, true);
    };
  }

  /** Members of the smallest set found in all the others, in that set's order. */
  private static List<byte[]> intersection(List<RSet> sets, long limit) {
    List<RSet> bySize = new ArrayList<>(sets);
    bySize.sort(Comparator.comparingInt(RSet::size));
    RSet smallest = bySize.get(0);
    List<byte[]> out = new ArrayList<>();
    for (byte[] m : smallest.toList()) {
      boolean inAll = true;
      for (int j = 1; j < bySize.size() && inAll; j++) {
        RSet other = bySize.get(j);
        inAll = other == smallest || other.contains(m);
      }
      if (inAll) {
        out.add(m);
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** A union, or the first set less all the others; built as a set, so replied in its order. */
  private static List<byte[]> combine(List<RSet> sets, boolean diff) {
    RSet result = new RSet();
    RSet first = sets.get(0);
    if (diff) {
      if (first == null) {
        return List.of();
      }
      for (byte[] m : first.toList()) {
        boolean elsewhere = false;
        for (int j = 1; j < sets.size() && !elsewhere; j++) {
          RSet other = sets.get(j);
          elsewhere = other != null && other.contains(m);
        }
        if (!elsewhere) {
          result.add(m);
        }
      }
    } else {
      for (RSet s : sets) {
        if (s != null) {
          s.members().forEach((m, ignored) -> result.add(m));
        }
      }
    }
    return result.toList();
  }

  private static void reply(Client c, List<byte[]> members) {
    c.out.setHeader(members.size());
    for (byte[] m : members) {
      c.out.bulk(m);
    }
  }

  private void store(Client c, byte[] destination, List<byte[]> members) {
    Database db = engine.keyspace().db(c.db);
    if (members.isEmpty()) {
      if (db.lookupWrite(destination) != null) {
        db.delete(destination);
        engine.modified(db, destination);
      }
      c.out.integer(0);
      return;
    }
    RSet result = new RSet();
    for (byte[] m : members) {
      result.add(m);
    }
    db.put(destination, result, false);
    engine.modified(db, destination);
    c.out.integer(result.size());
  }
}
