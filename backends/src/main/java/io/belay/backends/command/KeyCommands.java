package io.belay.backends.command;

import io.belay.backends.engine.Container;
import io.belay.backends.engine.Database;
import io.belay.backends.engine.Dict;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.RObject;
import io.belay.protocol.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The generic key commands: DEL, EXISTS, TYPE, expiry, RENAME, KEYS, SCAN, COPY, MOVE, OBJECT, ... */
final class KeyCommands {

  private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

  private final Engine engine;
  private final Keyspace keyspace;

  KeyCommands(Engine engine) {
    this.engine = engine;
    this.keyspace = engine.keyspace();
  }

  void register(CommandRegistry r) {
    r.add("del", this::del);
    r.add("unlink", this::del);
    r.add("exists", this::exists);
    r.add("touch", this::exists);
    r.add("type", this::type);
    r.add("expire", (c, a) -> expire(c, a, 1000, false));
    r.add("pexpire", (c, a) -> expire(c, a, 1, false));
    r.add("expireat", (c, a) -> expire(c, a, 1000, true));
    r.add("pexpireat", (c, a) -> expire(c, a, 1, true));
    r.add("ttl", (c, a) -> ttl(c, a, 1000, false));
    r.add("pttl", (c, a) -> ttl(c, a, 1, false));
    r.add("expiretime", (c, a) -> ttl(c, a, 1000, true));
    r.add("pexpiretime", (c, a) -> ttl(c, a, 1, true));
    r.add("persist", this::persist);
    r.add("rename", (c, a) -> rename(c, a, false));
    r.add("renamenx", (c, a) -> rename(c, a, true));
    r.add("keys", this::keys);
    r.add("scan", this::scan);
    r.add("randomkey", this::randomkey);
    r.add("dbsize", (c, a) -> c.out.integer(db(c).size()));
    r.add("flushdb", this::flushdb);
    r.add("flushall", this::flushall);
    r.add("copy", this::copy);
    r.add("move", this::move);
    r.add("swapdb", this::swapdb);
    r.add("object", this::object);
  }

  private Database db(Client c) {
    return keyspace.db(c.db);
  }

  private void del(Client c, byte[][] args) {
    Database db = db(c);
    int deleted = 0;
    for (int i = 1; i < args.length; i++) {
      if (db.lookupWrite(args[i]) != null && db.delete(args[i])) {
        engine.modified(db, args[i]);
        deleted++;
      }
    }
    c.out.integer(deleted);
  }

  private void exists(Client c, byte[][] args) {
    Database db = db(c);
    int count = 0;
    for (int i = 1; i < args.length; i++) {
      if (db.lookupRead(args[i]) != null) {
        count++;
      }
    }
    c.out.integer(count);
  }

  private void type(Client c, byte[][] args) {
    RObject o = db(c).peek(args[1]);
    c.out.simpleString(o == null ? "none" : o.type().redisName());
  }

  private void expire(Client c, byte[][] args, long unitMs, boolean absolute) {
    String name = Args.lower(args[0]);
    long v = Args.toLong(args[2]);
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    for (int i = 3; i < args.length; i++) {
      if (Args.is(args[i], "nx")) {
        nx = true;
      } else if (Args.is(args[i], "xx")) {
        xx = true;
      } else if (Args.is(args[i], "gt")) {
        gt = true;
      } else if (Args.is(args[i], "lt")) {
        lt = true;
      } else {
        throw new CommandException("ERR Unsupported option " + Args.str(args[i]));
      }
    }
    if (nx && (xx || gt || lt)) {
      throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if (gt && lt) {
      throw new CommandException("ERR GT and LT options at the same time are not compatible");
    }
    long when;
    try {
      when = Math.multiplyExact(v, unitMs);
      if (!absolute) {
        when = Math.addExact(when, keyspace.now());
      }
    } catch (ArithmeticException e) {
      throw new CommandException(String.format(Errors.INVALID_EXPIRE, name));
    }
    Database db = db(c);
    RObject o = db.lookupWrite(args[1]);
    if (o == null) {
      c.out.integer(0);
      return;
    }
    long current = o.expireAt();
    if ((nx && current >= 0) || (xx && current < 0)
        // a key without expiry has an infinite TTL: never "greater than", always "less than" anything
        || (gt && (current < 0 || when <= current)) || (lt && current >= 0 && when >= current)) {
      c.out.integer(0);
      return;
    }
    if (when <= keyspace.now() && !keyspace.isReplica()) {
      db.delete(args[1]);
      engine.modified(db, args[1]);
      c.propagate(DEL, args[1]);
    } else {
      db.setExpire(args[1], o, when);
      engine.modified(db, args[1]);
      c.propagate(PEXPIREAT, args[1], Long.toString(when).getBytes(StandardCharsets.US_ASCII));
    }
    c.out.integer(1);
  }

  private void ttl(Client c, byte[][] args, long unitMs, boolean absolute) {
    RObject o = db(c).lookupRead(args[1]);
    if (o == null) {
      c.out.integer(-2);
    } else if (!o.hasExpire()) {
      c.out.integer(-1);
    } else if (absolute) {
      c.out.integer(unitMs == 1 ? o.expireAt() : o.expireAt() / 1000);
    } else {
      long left = Math.max(0, o.expireAt() - keyspace.now());
      c.out.integer(unitMs == 1 ? left : (left + 500) / 1000);
    }
  }

  private void persist(Client c, byte[][] args) {
    Database db = db(c);
    RObject o = db.lookupWrite(args[1]);
    if (o != null && db.persist(args[1], o)) {
      engine.modified(db, args[1]);
      c.out.integer(1);
    } else {
      c.out.integer(0);
    }
  }

  private void rename(Client c, byte[][] args, boolean nx) {
    Database db = db(c);
    RObject src = db.lookupWrite(args[1]);
    if (src == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    boolean same = java.util.Arrays.equals(args[1], args[2]);
    if (same) {
      c.out.raw(nx ? ":0\r\n".getBytes(StandardCharsets.US_ASCII) : "+OK\r\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (db.lookupWrite(args[2]) != null) {
      if (nx) {
        c.out.integer(0);
        return;
      }
      db.delete(args[2]);
    }
    long expireAt = src.expireAt();
    db.delete(args[1]);
    RObject moved = db.add(args[2], src.value());
    if (expireAt >= 0) {
      db.setExpire(args[2], moved, expireAt);
    }
    engine.modified(db, args[1]);
    engine.modified(db, args[2]);
    // A key that appears wakes clients blocked on it, as Redis's dbAdd signals it.
    engine.signalReady(db, args[2]);
    if (nx) {
      c.out.integer(1);
    } else {
      c.out.ok();
    }
  }

  private void keys(Client c, byte[][] args) {
    Database db = db(c);
    List<byte[]> out = new ArrayList<>();
    boolean all = args[1].length == 1 && args[1][0] == '*';
    long now = keyspace.now();
    db.keys().forEach((k, o) -> {
      if ((o.expireAt() < 0 || o.expireAt() > now) && (all || Glob.matches(args[1], k, false))) {
        out.add(k);
      }
    });
    c.out.array(out);
  }

  private void scan(Client c, byte[][] args) {
    long cursor = parseCursor(args[1]);
    byte[] pattern = null;
    long count = 10;
    String type = null;
    for (int i = 2; i < args.length; i++) {
      if (Args.is(args[i], "match") && i + 1 < args.length) {
        pattern = args[++i];
      } else if (Args.is(args[i], "count") && i + 1 < args.length) {
        count = Args.toLong(args[++i]);
        if (count < 1) {
          throw Errors.syntax();
        }
      } else if (Args.is(args[i], "type") && i + 1 < args.length) {
        // an unknown type name matches nothing, as in Redis 7.0
        type = Args.lower(args[++i]);
      } else {
        throw Errors.syntax();
      }
    }
    Database db = db(c);
    List<byte[]> found = new ArrayList<>();
    Dict<RObject> dict = db.keys();
    long budget = count * 10;
    do {
      cursor = dict.scan(cursor, (k, o) -> found.add(k));
    } while (cursor != 0 && --budget > 0 && found.size() < count);
    long now = keyspace.now();
    List<byte[]> out = new ArrayList<>(found.size());
    for (byte[] k : found) {
      RObject o = db.peek(k);
      if (o == null || (o.expireAt() >= 0 && o.expireAt() <= now)) {
        continue;
      }
      if (pattern != null && !Glob.matches(pattern, k, false)) {
        continue;
      }
      if (type != null && !o.type().redisName().equals(type)) {
        continue;
      }
      out.add(k);
    }
    c.out.arrayHeader(2).bulk(Long.toUnsignedString(cursor).getBytes(StandardCharsets.US_ASCII)).array(out);
  }

  /**
   * A SCAN cursor as Redis reads it with {@code strtoul}: an unsigned 64-bit integer that may
   * carry a sign ("-1" wraps to 2^64-1), and the empty string is 0.
   */
  static long parseCursor(byte[] arg) {
    String s = Args.str(arg);
    int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    String digits = s.substring(i);
    if (s.isEmpty()) {
      return 0;
    }
    if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new CommandException("ERR invalid cursor");
    }
    try {
      long v = Long.parseUnsignedLong(digits);
      return s.charAt(0) == '-' ? -v : v;
    } catch (NumberFormatException e) {
      throw new CommandException("ERR invalid cursor");
    }
  }

  private void randomkey(Client c, byte[][] args) {
    Database db = db(c);
    for (int tries = 0; tries < 100 && db.size() > 0; tries++) {
      Dict.Node<RObject> n = db.keys().randomNode(keyspace.random());
      if (db.lookupRead(n.key()) != null) {
        c.out.bulk(n.key());
        return;
      }
    }
    c.out.nullBulk();
  }

  private static void checkFlushMode(byte[][] args) {
    if (args.length > 2 || (args.length == 2 && !Args.is(args[1], "sync") && !Args.is(args[1], "async"))) {
      throw Errors.syntax();
    }
  }

  private void flushdb(Client c, byte[][] args) {
    checkFlushMode(args);
    Database db = db(c);
    engine.dirty(db.size() + 1L);
    db.clear();
    engine.watches().touchDb(c.db);
    c.out.ok();
  }

  private void flushall(Client c, byte[][] args) {
    checkFlushMode(args);
    engine.dirty(keyspace.keyCount() + 1);
    keyspace.flushAll();
    engine.watches().touchDb(-1);
    c.out.ok();
  }

  private void copy(Client c, byte[][] args) {
    int targetDb = c.db;
    boolean replace = false;
    for (int i = 3; i < args.length; i++) {
      if (Args.is(args[i], "replace")) {
        replace = true;
      } else if (Args.is(args[i], "db") && i + 1 < args.length) {
        long d = Args.toLong(args[++i]);
        if (d < 0 || d >= keyspace.databaseCount()) {
          throw new CommandException(Errors.DB_INDEX);
        }
        targetDb = (int) d;
      } else {
        throw Errors.syntax();
      }
    }
    Database src = db(c);
    Database dst = keyspace.db(targetDb);
    if (src == dst && java.util.Arrays.equals(args[1], args[2])) {
      throw new CommandException("ERR source and destination objects are the same");
    }
    RObject o = src.lookupRead(args[1]);
    if (o == null) {
      c.out.integer(0);
      return;
    }
    if (dst.lookupWrite(args[2]) != null) {
      if (!replace) {
        c.out.integer(0);
        return;
      }
      dst.delete(args[2]);
    }
    Object value = o.value() instanceof Container container ? container.copy() : o.value();
    RObject copy = dst.add(args[2], value);
    if (o.hasExpire()) {
      dst.setExpire(args[2], copy, o.expireAt());
    }
    engine.modified(dst, args[2]);
    engine.signalReady(dst, args[2]);
    c.out.integer(1);
  }

  private void move(Client c, byte[][] args) {
    long d = Args.toLong(args[2], "ERR value is out of range");
    if (d < 0 || d >= keyspace.databaseCount()) {
      throw new CommandException(Errors.DB_INDEX);
    }
    if (d == c.db) {
      throw new CommandException("ERR source and destination objects are the same");
    }
    Database src = db(c);
    Database dst = keyspace.db((int) d);
    RObject o = src.lookupWrite(args[1]);
    if (o == null || dst.lookupWrite(args[1]) != null) {
      c.out.integer(0);
      return;
    }
    long expireAt = o.expireAt();
    src.delete(args[1]);
    RObject moved = dst.add(args[1], o.value());
    if (expireAt >= 0) {
      dst.setExpire(args[1], moved, expireAt);
    }
    engine.modified(src, args[1]);
    engine.modified(dst, args[1]);
    engine.signalReady(dst, args[1]);
    c.out.integer(1);
  }

  private void swapdb(Client c, byte[][] args) {
    long a = Args.toLong(args[1], "ERR invalid first DB index");
    long b = Args.toLong(args[2], "ERR invalid second DB index");
    if (a < 0 || a >= keyspace.databaseCount() || b < 0 || b >= keyspace.databaseCount()) {
      throw new CommandException(Errors.DB_INDEX);
    }
    if (a != b) {
      keyspace.swap((int) a, (int) b);
      engine.watches().touchDb((int) a);
      engine.watches().touchDb((int) b);
    }
    engine.dirty(1);
    c.out.ok();
  }

  private void object(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    if (sub.equals("help")) {
      String[] help = {"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "ENCODING <key>",
          "    Return the kind of internal representation used in order to store the value",
          "    associated with a <key>.", "FREQ <key>",
          "    Return the access frequency index of the <key>. The returned integer is",
          "    proportional to the logarithm of the recent access frequency of the key.", "IDLETIME <key>",
          "    Return the idle time of the <key>, that is the approximated number of", "    seconds elapsed since the"
              + " last access to the key.", "REFCOUNT <key>",
          "    Return the number of references of the value associated with the specified", "    <key>.", "HELP",
          "    Print this help."};
      c.out.arrayHeader(help.length);
      for (String h : help) {
        c.out.simpleString(h);
      }
      return;
    }
    RObject o = db(c).peek(args[2]);
    if (o == null) {
      c.out.nullBulk();
      return;
    }
    switch (sub) {
      case "encoding" -> c.out.bulk(encoding(o));
      case "refcount" -> c.out.integer(1);
      case "idletime" -> {
        if (engine.evictor().policy().name().contains("LFU")) {
          throw new CommandException("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that"
              + " when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        c.out.integer((keyspace.now() - o.lastAccess()) / 1000);
      }
      case "freq" -> {
        if (!engine.evictor().policy().name().contains("LFU")) {
          throw new CommandException("ERR An LFU maxmemory policy is not selected, access frequency not tracked."
              + " Please note that when switching between policies at runtime LRU and LFU data will take some time"
              + " to adjust.");
        }
        c.out.integer(o.frequency());
      }
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try OBJECT HELP.");
    }
  }

  private static String encoding(RObject o) {
    if (o.value() instanceof byte[] b) {
      long[] parsed = new long[1];
      if (b.length <= 20 && Args.parseLong(b, parsed)) {
        return "int";
      }
      return b.length <= 44 ? "embstr" : "raw";
    }
    return ((Container) o.value()).encoding();
  }
}
