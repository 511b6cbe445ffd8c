package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RZSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The sorted-set family. This class registers all of it and serves the single-key basics
 * (ZADD, ZSCORE, ZRANK, ZCOUNT, ZSCAN, ZRANDMEMBER, ...); ranges, pops and set algebra
 * live in {@link ZSetRanges}, {@link ZSetPops} and {@link ZSetAlgebra}.
 */
final class ZSetCommands {

  private final Engine engine;

  ZSetCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("zadd", (c, a) -> zadd(c, a, false));
    r.add("zincrby", (c, a) -> zadd(c, a, true));
    r.add("zrem", this::zrem);
    r.add("zcard", (c, a) -> {
      RZSet z = Values.read(db(c), a[1], RZSet.class);
      c.out.integer(z == null ? 0 : z.size());
    });
    r.add("zscore", (c, a) -> {
      RZSet z = Values.read(db(c), a[1], RZSet.class);
      Double s = z == null ? null : z.score(a[2]);
      if (s == null) {
        c.out.nullBulk();
      } else {
        score(c, s);
      }
    });
    r.add("zmscore", this::zmscore);
    r.add("zrank", (c, a) -> rank(c, a, false));
    r.add("zrevrank", (c, a) -> rank(c, a, true));
    r.add("zcount", (c, a) -> {
      RZSet.ScoreRange range = ZSetArgs.scoreRangeOrError(a[2], a[3]);
      RZSet z = Values.read(db(c), a[1], RZSet.class);
      c.out.integer(z == null ? 0 : z.count(range));
    });
    r.add("zlexcount", (c, a) -> {
      RZSet.LexRange range = ZSetArgs.lexRangeOrError(a[2], a[3]);
      RZSet z = Values.read(db(c), a[1], RZSet.class);
      c.out.integer(z == null ? 0 : z.count(range));
    });
    r.add("zscan", this::zscan);
    r.add("zrandmember", this::zrandmember);
    new ZSetRanges(engine).register(r);
    new ZSetPops(engine).register(r);
    new ZSetAlgebra(engine).register(r);
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.dbIndex());
  }

  /** A score reply: a double in RESP3, a bulk string in RESP2 ({@code %.17g} in both). */
  static void score(Client c, double score) {
    c.out.doubleValue(Args.formatDouble(score));
  }

  /**
   * Members, with their scores if asked: a flat array in RESP2, an array of [member, score]
   * pairs in RESP3 (not a map: clients must keep the order).
   */
  static void replyNodes(Client c, List<RZSet.Node> nodes, boolean withScores) {
    boolean pairs = withScores && c.protocol() > 2;
    c.out.arrayHeader(withScores && !pairs ? nodes.size() * 2 : nodes.size());
    for (RZSet.Node n : nodes) {
      if (pairs) {
        c.out.arrayHeader(2);
      }
      c.out.bulk(n.member());
      if (withScores) {
        score(c, n.score());
      }
    }
  }

  /** ZADD's flags, ZINCRBY being ZADD INCR with a fixed shape (and the same option parsing). */
  private void zadd(Client c, byte[][] args, boolean incrCommand) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    boolean ch = false;
    boolean incr = incrCommand;
    int i = 2;
    for (; i < args.length; i++) {
      byte[] o = args[i];
      if (Args.is(o, "nx")) {
        nx = true;
      } else if (Args.is(o, "xx")) {
        xx = true;
      } else if (Args.is(o, "ch")) {
        ch = true;
      } else if (Args.is(o, "incr")) {
        incr = true;
      } else if (Args.is(o, "gt")) {
        gt = true;
      } else if (Args.is(o, "lt")) {
        lt = true;
      } else {
        break;
      }
    }
    int elements = args.length - i;
    if (elements % 2 != 0 || elements == 0) {
      throw Errors.syntax();
    }
    elements /= 2;
    if (nx && xx) {
      throw new CommandException("ERR XX and NX options at the same time are not compatible");
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if (incr && elements > 1) {
      throw new CommandException("ERR INCR option supports a single increment-element pair");
    }
    double[] scores = new double[elements];
    for (int j = 0; j < elements; j++) {
      scores[j] = ZSetArgs.score(args[i + j * 2]);
    }
    Database db = db(c);
    byte[] key = args[1];
    RZSet z = Values.write(db, key, RZSet.class);
    if (z == null && xx) {
      if (incr) {
        c.out.nullBulk();
      } else {
        c.out.integer(0);
      }
      return;
    }
    if (z == null) {
      z = new RZSet();
      db.add(key, z);
    }
    int added = 0;
    int updated = 0;
    int processed = 0;
    double last = 0;
    for (int j = 0; j < elements; j++) {
      byte[] member = args[i + j * 2 + 1];
      double score = scores[j];
      Double current = z.score(member);
      if (current != null) {
        if (nx) {
          continue;
        }
        if (incr) {
          score += current;
          if (Double.isNaN(score)) {
            finishAdd(db, key, z, added + updated);
            throw new CommandException("ERR resulting score is not a number (NaN)");
          }
        }
        if ((lt && score >= current) || (gt && score <= current)) {
          continue;
        }
        last = score;
        processed++;
        if (score != current) {
          z.put(member, score);
          updated++;
        }
      } else if (!xx) {
        z.put(member, score);
        last = score;
        added++;
        processed++;
      }
    }
    finishAdd(db, key, z, added + updated);
    if (incr) {
      if (processed > 0) {
        score(c, last);
      } else {
        c.out.nullBulk();
      }
    } else {
      c.out.integer(ch ? added + updated : added);
    }
  }

  private void finishAdd(Database db, byte[] key, RZSet z, int changes) {
    Values.deleteIfEmpty(db, key, z);
    if (changes > 0) {
      engine.modified(db, key);
      engine.signalReady(db, key);
    }
  }

  private void zrem(Client c, byte[][] args) {
    Database db = db(c);
    RZSet z = Values.write(db, args[1], RZSet.class);
    if (z == null) {
      c.out.integer(0);
      return;
    }
    int removed = 0;
    for (int i = 2; i < args.length && z.size() > 0; i++) {
      if (z.remove(args[i])) {
        removed++;
      }
    }
    if (removed > 0) {
      Values.deleteIfEmpty(db, args[1], z);
      engine.modified(db, args[1]);
    }
    c.out.integer(removed);
  }

  private void zmscore(Client c, byte[][] args) {
    RZSet z = Values.read(db(c), args[1], RZSet.class);
    c.out.arrayHeader(args.length - 2);
    for (int i = 2; i < args.length; i++) {
      Double s = z == null ? null : z.score(args[i]);
      if (s == null) {
        c.out.nullBulk();
      } else {
        score(c, s);
      }
    }
  }

  private void rank(Client c, byte[][] args, boolean reverse) {
    RZSet z = Values.read(db(c), args[1], RZSet.class);
    long rank = z == null ? -1 : z.rank(args[2]);
    if (rank < 0) {
      c.out.nullBulk();
    } else {
      c.out.integer(reverse ? z.size() - 1 - rank : rank);
    }
  }

  private void zscan(Client c, byte[][] args) {
    long cursor = KeyCommands.parseCursor(args[2]);
    RZSet z = Values.read(db(c), args[1], RZSet.class);
    if (z == null) {
      HashCommands.replyEmptyScan(c);
      return;
    }
    HashCommands.ScanOptions options = HashCommands.ScanOptions.parse(args, 3);
    List<byte[]> found = new ArrayList<>();
    if (z.isListpack()) {
      for (RZSet.Node n = z.first(); n != null; n = n.next()) {
        found.add(n.member());
        found.add(ZSetArgs.bytes(ZSetArgs.listpackScore(n.score())));
      }
      cursor = 0;
    } else {
      cursor = options.scan(cursor, found, (cur, sink) -> z.scan(cur,
          (m, s) -> sink.accept(m, Args.formatDouble(s).getBytes(StandardCharsets.US_ASCII))));
    }
    options.reply(c, cursor, found);
  }

  private void zrandmember(Client c, byte[][] args) {
    if (args.length < 3) {
      RZSet z = Values.read(db(c), args[1], RZSet.class);
      c.out.bulk(z == null ? null : z.byRank(engine.keyspace().random().nextInt(z.size())).member());
      return;
    }
    long count = HashCommands.RandomCount.parse(args, "withscores");
    boolean withScores = args.length == 4;
    RZSet z = Values.read(db(c), args[1], RZSet.class);
    if (z == null || count == 0) {
      c.out.arrayHeader(0);
      return;
    }
    RandomGenerator random = engine.keyspace().random();
    int size = z.size();
    if (count < 0 || count == 1) {
      long n = Math.abs(count);
      boolean pairs = withScores && c.protocol() > 2;
      c.out.arrayHeader(HashCommands.checkedLength(withScores && !pairs ? n * 2 : n));
      for (long i = 0; i < n; i++) {
        RZSet.Node node = z.byRank(random.nextInt(size));
        if (pairs) {
          c.out.arrayHeader(2);
        }
        c.out.bulk(node.member());
        if (withScores) {
          score(c, node.score());
        }
      }
      return;
    }
    List<RZSet.Node> chosen = new ArrayList<>();
    if (count >= size) {
      // The whole set, highest rank first: what Redis answers here.
      for (RZSet.Node n = z.last(); n != null; n = n.prev()) {
        chosen.add(n);
      }
    } else if (count * 3 > size) {
      for (RZSet.Node n = z.first(); n != null; n = n.next()) {
        chosen.add(n);
      }
      HashCommands.RandomCount.dropRandomly(chosen, size - (int) count, random);
    } else {
      HashSet<Integer> ranks = new HashSet<>();
      while (chosen.size() < count) {
        int rank = random.nextInt(size);
        if (ranks.add(rank)) {
          chosen.add(z.byRank(rank));
        }
      }
    }
    replyNodes(c, chosen, withScores);
  }
}
