package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Dict;
import io.belay.backends.engine.RObject;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ObjDoubleConsumer;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, with WEIGHTS and AGGREGATE.
 * Plain sets are inputs too, every member scoring 1. Inputs are combined smallest first,
 * the order Redis uses, so float sums round the same way.
 */
final class ZSetAlgebra {

  private enum Op { UNION, INTER, DIFF }

  private enum Aggregate {
    SUM, MIN, MAX;

    /** Redis's zunionInterAggregate: inf + -inf sums to 0, not NaN. */
    double apply(double target, double value) {
      return switch (this) {
        case SUM -> {
          double s = target + value;
          yield Double.isNaN(s) ? 0.0 : s;
        }
        case MIN -> value < target ? value : target;
        case MAX -> value > target ? value : target;
      };
    }
  }

  /** One input: a sorted set, a set (scores 1), or a missing key (empty), with its weight. */
  private static final class Source {
    final RZSet zset;
    final RSet set;
    double weight = 1.0;

    Source(Object value) {
      this.zset = value instanceof RZSet z ? z : null;
      this.set = value instanceof RSet s ? s : null;
    }

    int size() {
      return zset != null ? zset.size() : set != null ? set.size() : 0;
    }

    Double score(byte[] member) {
      if (zset != null) {
        return zset.score(member);
      }
      return set != null && set.contains(member) ? 1.0 : null;
    }

    void forEach(ObjDoubleConsumer<byte[]> action) {
      if (zset != null) {
        for (RZSet.Node n = zset.first(); n != null; n = n.next()) {
          action.accept(n.member(), n.score());
        }
      } else if (set != null) {
        set.members().forEach((m, ignored) -> action.accept(m, 1.0));
      }
    }
  }

  private final Engine engine;

  ZSetAlgebra(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("zunion", (c, a) -> combine(c, a, null, 1, Op.UNION, false));
    r.add("zinter", (c, a) -> combine(c, a, null, 1, Op.INTER, false));
    r.add("zdiff", (c, a) -> combine(c, a, null, 1, Op.DIFF, false));
    r.add("zunionstore", (c, a) -> combine(c, a, a[1], 2, Op.UNION, false));
    r.add("zinterstore", (c, a) -> combine(c, a, a[1], 2, Op.INTER, false));
    r.add("zdiffstore", (c, a) -> combine(c, a, a[1], 2, Op.DIFF, false));
    r.add("zintercard", (c, a) -> combine(c, a, null, 1, Op.INTER, true));
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.dbIndex());
  }

  private void combine(Client c, byte[][] args, byte[] dst, int numkeysIndex, Op op, boolean cardinalityOnly) {
    long numkeys = Args.toLong(args[numkeysIndex]);
    if (numkeys < 1) {
      throw new CommandException("ERR at least 1 input key is needed for '" + Args.lower(args[0]) + "' command");
    }
    if (numkeys > args.length - (numkeysIndex + 1)) {
      throw Errors.syntax();
    }
    Database db = db(c);
    int n = (int) numkeys;
    List<Source> sources = new ArrayList<>(n);
    int j = numkeysIndex + 1;
    for (int i = 0; i < n; i++, j++) {
      RObject o = db.lookupRead(args[j]);
      if (o != null && !(o.value() instanceof RZSet) && !(o.value() instanceof RSet)) {
        throw Errors.wrongType();
      }
      sources.add(new Source(o == null ? null : o.value()));
    }
    Aggregate aggregate = Aggregate.SUM;
    boolean withScores = false;
    long limit = 0;
    while (j < args.length) {
      int remaining = args.length - j;
      if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && Args.is(args[j], "weights")) {
        j++;
        for (Source s : sources) {
          s.weight = ZSetArgs.score(args[j++], "ERR weight value is not a float");
        }
      } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && Args.is(args[j], "aggregate")) {
        byte[] a = args[j + 1];
        if (Args.is(a, "sum")) {
          aggregate = Aggregate.SUM;
        } else if (Args.is(a, "min")) {
          aggregate = Aggregate.MIN;
        } else if (Args.is(a, "max")) {
          aggregate = Aggregate.MAX;
        } else {
          throw Errors.syntax();
        }
        j += 2;
      } else if (dst == null && !cardinalityOnly && Args.is(args[j], "withscores")) {
        withScores = true;
        j++;
      } else if (cardinalityOnly && remaining >= 2 && Args.is(args[j], "limit")) {
        limit = Args.toLong(args[j + 1], "ERR LIMIT can't be negative");
        if (limit < 0) {
          throw new CommandException("ERR LIMIT can't be negative");
        }
        j += 2;
      } else {
        throw Errors.syntax();
      }
    }
    if (op != Op.DIFF) {
      sources.sort(Comparator.comparingInt(Source::size));
    }
    if (cardinalityOnly) {
      c.out.integer(interCard(sources, limit));
      return;
    }
    RZSet result = switch (op) {
      case UNION -> union(sources, aggregate);
      case INTER -> inter(sources, aggregate);
      case DIFF -> diff(sources);
    };
    if (dst != null) {
      store(c, db, dst, result);
      return;
    }
    List<RZSet.Node> nodes = new ArrayList<>(result.size());
    for (RZSet.Node node = result.first(); node != null; node = node.next()) {
      nodes.add(node);
    }
    ZSetCommands.replyNodes(c, nodes, withScores);
  }

  private void store(Client c, Database db, byte[] dst, RZSet result) {
    if (result.size() == 0) {
      if (db.lookupWrite(dst) != null && db.delete(dst)) {
        engine.modified(db, dst);
      }
      c.out.integer(0);
      return;
    }
    db.put(dst, result, false);
    engine.modified(db, dst);
    engine.signalReady(db, dst);
    c.out.integer(result.size());
  }

  private static RZSet union(List<Source> sources, Aggregate aggregate) {
    Dict<double[]> acc = new Dict<>();
    for (Source s : sources) {
      s.forEach((member, score) -> {
        double v = s.weight * score;
        if (Double.isNaN(v)) {
          v = 0;
        }
        double[] existing = acc.get(member);
        if (existing == null) {
          acc.put(member, new double[] {v});
        } else {
          existing[0] = aggregate.apply(existing[0], v);
        }
      });
    }
    RZSet result = new RZSet();
    acc.forEach((member, score) -> result.put(member, score[0]));
    return result;
  }

  private static RZSet inter(List<Source> sources, Aggregate aggregate) {
    RZSet result = new RZSet();
    Source smallest = sources.get(0);
    if (smallest.size() == 0) {
      return result;
    }
    smallest.forEach((member, score) -> {
      Double total = interScore(sources, member, score, aggregate);
      if (total != null) {
        result.put(member, total);
      }
    });
    return result;
  }

  /** The aggregated score of a member of the smallest input, null unless every input has it. */
  private static Double interScore(List<Source> sources, byte[] member, double score, Aggregate aggregate) {
    double total = sources.get(0).weight * score;
    if (Double.isNaN(total)) {
      total = 0;
    }
    for (int i = 1; i < sources.size(); i++) {
      Source s = sources.get(i);
      Double other = s.score(member);
      if (other == null) {
        return null;
      }
      total = aggregate.apply(total, other * s.weight);
    }
    return total;
  }

  private static long interCard(List<Source> sources, long limit) {
    Source smallest = sources.get(0);
    long[] count = {0};
    if (smallest.size() == 0) {
      return 0;
    }
    // Stopping early matters for huge inputs; walking the smallest input in order is cheap enough.
    smallest.forEach((member, score) -> {
      if ((limit == 0 || count[0] < limit) && interScore(sources, member, score, Aggregate.SUM) != null) {
        count[0]++;
      }
    });
    return count[0];
  }

  private static RZSet diff(List<Source> sources) {
    RZSet result = new RZSet();
    Source first = sources.get(0);
    first.forEach((member, score) -> {
      for (int i = 1; i < sources.size(); i++) {
        if (sources.get(i).score(member) != null) {
          return;
        }
      }
      result.put(member, score);
    });
    return result;
  }
}
