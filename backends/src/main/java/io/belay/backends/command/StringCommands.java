package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strings and counters: GET, SET and its options, MGET/MSET, INCR family, ranges. */
final class StringCommands {

  private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PXAT = "PXAT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEEPTTL = "KEEPTTL".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PERSIST = "PERSIST".getBytes(StandardCharsets.US_ASCII);

  private final Engine engine;

  StringCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("get", this::get);
    r.add("set", this::set);
    r.add("setnx", (c, a) -> c.out.integer(setGeneric(c, a[1], a[2], -1, Condition.NX, false, false, a) ? 1 : 0));
    r.add("setex", (c, a) -> setWithTtl(c, a, 1000));
    r.add("psetex", (c, a) -> setWithTtl(c, a, 1));
    r.add("getset", this::getset);
    r.add("getdel", this::getdel);
    r.add("getex", this::getex);
    r.add("mget", this::mget);
    r.add("mset", this::mset);
    r.add("msetnx", this::msetnx);
    r.add("append", this::append);
    r.add("strlen", (c, a) -> {
      byte[] v = Values.readString(db(c), a[1]);
      c.out.integer(v == null ? 0 : v.length);
    });
    r.add("getrange", this::getrange);
    r.add("substr", this::getrange);
    r.add("setrange", this::setrange);
    r.add("incr", (c, a) -> incrBy(c, a[1], 1));
    r.add("decr", (c, a) -> incrBy(c, a[1], -1));
    r.add("incrby", (c, a) -> incrBy(c, a[1], Args.toLong(a[2])));
    r.add("decrby", (c, a) -> {
      long by = Args.toLong(a[2]);
      if (by == Long.MIN_VALUE) {
        throw new CommandException("ERR decrement would overflow");
      }
      incrBy(c, a[1], -by);
    });
    r.add("incrbyfloat", this::incrbyfloat);
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.db);
  }

  private void get(Client c, byte[][] args) {
    c.out.bulk(Values.readString(db(c), args[1]));
  }

  private enum Condition { ALWAYS, NX, XX }

  private void set(Client c, byte[][] args) {
    Condition condition = Condition.ALWAYS;
    boolean keepTtl = false;
    boolean get = false;
    long expireAt = -1;
    String unit = null;
    for (int i = 3; i < args.length; i++) {
      byte[] a = args[i];
      boolean hasNext = i + 1 < args.length;
      if (Args.is(a, "nx") && condition != Condition.XX) {
        condition = Condition.NX;
      } else if (Args.is(a, "xx") && condition != Condition.NX) {
        condition = Condition.XX;
      } else if (Args.is(a, "get")) {
        get = true;
      } else if (Args.is(a, "keepttl") && unit == null) {
        keepTtl = true;
      } else if (hasNext && unit == null && !keepTtl
          && (Args.is(a, "ex") || Args.is(a, "px") || Args.is(a, "exat") || Args.is(a, "pxat"))) {
        unit = Args.lower(a);
        expireAt = expireTime(args[++i], unit, "set");
      } else {
        throw Errors.syntax();
      }
    }
    Database db = db(c);
    byte[] old = null;
    if (get) {
      old = Values.readString(db, args[1]);
    }
    boolean done = setGeneric(c, args[1], args[2], expireAt, condition, keepTtl, unit != null, args);
    if (get) {
      c.out.bulk(old);
    } else if (done) {
      c.out.ok();
    } else {
      c.out.nullBulk();
    }
  }

  /** Absolute unix milliseconds for an EX/PX/EXAT/PXAT argument, with Redis's range checks. */
  long expireTime(byte[] arg, String unit, String command) {
    long v = Args.toLong(arg);
    String invalid = String.format(Errors.INVALID_EXPIRE, command);
    if (v <= 0) {
      throw new CommandException(invalid);
    }
    long ms;
    try {
      ms = unit.equals("ex") || unit.equals("exat") ? Math.multiplyExact(v, 1000L) : v;
      if (unit.equals("ex") || unit.equals("px")) {
        ms = Math.addExact(ms, engine.keyspace().now());
      }
    } catch (ArithmeticException e) {
      throw new CommandException(invalid);
    }
    return ms;
  }

  /** SET's core; returns false when NX/XX prevented the write. */
  private boolean setGeneric(Client c, byte[] key, byte[] value, long expireAt, Condition condition,
      boolean keepTtl, boolean rewriteExpire, byte[][] args) {
    Database db = db(c);
    if (condition != Condition.ALWAYS) {
      boolean exists = db.lookupWrite(key) != null;
      if ((condition == Condition.NX && exists) || (condition == Condition.XX && !exists)) {
        return false;
      }
    }
    db.put(key, value, keepTtl);
    if (expireAt >= 0) {
      db.setExpire(key, db.peek(key), expireAt);
    }
    engine.modified(db, key);
    if (rewriteExpire) {
      // Replicas and the AOF get an absolute time, so a late replay expires at the same instant.
      c.propagate(SET, key, value, PXAT, Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII));
    }
    return true;
  }

  private void setWithTtl(Client c, byte[][] args, long unitMs) {
    long v = Args.toLong(args[2]);
    String name = unitMs == 1 ? "psetex" : "setex";
    if (v <= 0) {
      throw new CommandException(String.format(Errors.INVALID_EXPIRE, name));
    }
    long at;
    try {
      at = Math.addExact(Math.multiplyExact(v, unitMs), engine.keyspace().now());
    } catch (ArithmeticException e) {
      throw new CommandException(String.format(Errors.INVALID_EXPIRE, name));
    }
    setGeneric(c, args[1], args[3], at, Condition.ALWAYS, false, true, args);
    c.out.ok();
  }

  private void getset(Client c, byte[][] args) {
    Database db = db(c);
    byte[] old = Values.readString(db, args[1]);
    db.put(args[1], args[2], false);
    engine.modified(db, args[1]);
    c.out.bulk(old);
  }

  private void getdel(Client c, byte[][] args) {
    Database db = db(c);
    byte[] old = Values.readString(db, args[1]);
    if (old != null) {
      db.delete(args[1]);
      engine.modified(db, args[1]);
      c.propagate(DEL, args[1]);
    }
    c.out.bulk(old);
  }

  private void getex(Client c, byte[][] args) {
    long expireAt = -1;
    boolean persist = false;
    for (int i = 2; i < args.length; i++) {
      byte[] a = args[i];
      boolean hasNext = i + 1 < args.length;
      if (Args.is(a, "persist") && expireAt < 0 && !persist) {
        persist = true;
      } else if (hasNext && expireAt < 0 && !persist
          && (Args.is(a, "ex") || Args.is(a, "px") || Args.is(a, "exat") || Args.is(a, "pxat"))) {
        expireAt = expireTime(args[++i], Args.lower(a), "getex");
      } else {
        throw Errors.syntax();
      }
    }
    Database db = db(c);
    byte[] value = Values.readString(db, args[1]);
    if (value == null) {
      c.out.nullBulk();
      return;
    }
    RObject o = db.peek(args[1]);
    if (expireAt >= 0) {
      db.setExpire(args[1], o, expireAt);
      engine.modified(db, args[1]);
      c.propagate(PEXPIREAT, args[1], Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII));
    } else if (persist && db.persist(args[1], o)) {
      engine.modified(db, args[1]);
      c.propagate(PERSIST, args[1]);
    }
    c.out.bulk(value);
  }

  private void mget(Client c, byte[][] args) {
    Database db = db(c);
    c.out.arrayHeader(args.length - 1);
    for (int i = 1; i < args.length; i++) {
      RObject o = db.lookupRead(args[i]);
      c.out.bulk(o != null && o.value() instanceof byte[] b ? b : null);
    }
  }

  private void mset(Client c, byte[][] args) {
    if (args.length % 2 == 0) {
      throw Errors.wrongArity("mset");
    }
    Database db = db(c);
    for (int i = 1; i < args.length; i += 2) {
      db.put(args[i], args[i + 1], false);
      engine.modified(db, args[i]);
    }
    c.out.ok();
  }

  private void msetnx(Client c, byte[][] args) {
    if (args.length % 2 == 0) {
      throw Errors.wrongArity("msetnx");
    }
    Database db = db(c);
    for (int i = 1; i < args.length; i += 2) {
      if (db.lookupWrite(args[i]) != null) {
        c.out.integer(0);
        return;
      }
    }
    for (int i = 1; i < args.length; i += 2) {
      db.put(args[i], args[i + 1], false);
      engine.modified(db, args[i]);
    }
    c.out.integer(1);
  }

  private void append(Client c, byte[][] args) {
    Database db = db(c);
    RObject o = db.lookupWrite(args[1]);
    byte[] result;
    if (o == null) {
      result = args[2];
      checkSize(result.length);
      db.add(args[1], result);
    } else {
      if (!(o.value() instanceof byte[] old)) {
        throw Errors.wrongType();
      }
      checkSize((long) old.length + args[2].length);
      result = Arrays.copyOf(old, old.length + args[2].length);
      System.arraycopy(args[2], 0, result, old.length, args[2].length);
      o.setValue(result);
    }
    engine.modified(db, args[1]);
    c.out.integer(result.length);
  }

  private void checkSize(long length) {
    if (length > engine.settings().protoMaxBulkLen()) {
      throw new CommandException(Errors.STRING_TOO_LONG);
    }
  }

  private void getrange(Client c, byte[][] args) {
    long start = Args.toLong(args[2]);
    long end = Args.toLong(args[3]);
    byte[] v = Values.readString(db(c), args[1]);
    if (v == null) {
      c.out.bulk(new byte[0]);
      return;
    }
    long len = v.length;
    if (start < 0 && end < 0 && start > end) {
      c.out.bulk(new byte[0]);
      return;
    }
    if (start < 0) {
      start = len + start;
    }
    if (end < 0) {
      end = len + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (end < 0) {
      end = 0;
    }
    if (end >= len) {
      end = len - 1;
    }
    if (len == 0 || start > end) {
      c.out.bulk(new byte[0]);
      return;
    }
    c.out.bulk(v, (int) start, (int) (end - start + 1));
  }

  private void setrange(Client c, byte[][] args) {
    long offset = Args.toLong(args[2]);
    if (offset < 0) {
      throw new CommandException("ERR offset is out of range");
    }
    byte[] value = args[3];
    Database db = db(c);
    RObject o = db.lookupWrite(args[1]);
    byte[] old;
    if (o == null) {
      if (value.length == 0) {
        c.out.integer(0);
        return;
      }
      old = new byte[0];
    } else {
      if (!(o.value() instanceof byte[] b)) {
        throw Errors.wrongType();
      }
      old = b;
      if (value.length == 0) {
        c.out.integer(old.length);
        return;
      }
    }
    checkSize(offset + value.length);
    int newLength = (int) Math.max(old.length, offset + value.length);
    byte[] result = Arrays.copyOf(old, newLength);
    System.arraycopy(value, 0, result, (int) offset, value.length);
    if (o == null) {
      db.add(args[1], result);
    } else {
      o.setValue(result);
    }
    engine.modified(db, args[1]);
    c.out.integer(result.length);
  }

  private void incrBy(Client c, byte[] key, long by) {
    Database db = db(c);
    RObject o = db.lookupWrite(key);
    long current = 0;
    if (o != null) {
      if (!(o.value() instanceof byte[] b)) {
        throw Errors.wrongType();
      }
      long[] parsed = new long[1];
      if (!Args.parseLong(b, parsed)) {
        throw Errors.notInteger();
      }
      current = parsed[0];
    }
    if ((by < 0 && current < 0 && by < Long.MIN_VALUE - current)
        || (by > 0 && current > 0 && by > Long.MAX_VALUE - current)) {
      throw new CommandException(Errors.OVERFLOW);
    }
    long result = current + by;
    byte[] encoded = Long.toString(result).getBytes(StandardCharsets.US_ASCII);
    if (o == null) {
      db.add(key, encoded);
    } else {
      o.setValue(encoded);
    }
    engine.modified(db, key);
    c.out.integer(result);
  }

  private void incrbyfloat(Client c, byte[][] args) {
    Database db = db(c);
    RObject o = db.lookupWrite(args[1]);
    java.math.BigDecimal current = java.math.BigDecimal.ZERO;
    if (o != null) {
      if (!(o.value() instanceof byte[] b)) {
        throw Errors.wrongType();
      }
      current = LongDouble.parse(b);
      if (current == null) {
        throw Errors.notFloat();
      }
    }
    java.math.BigDecimal by = LongDouble.parse(args[2]);
    if (by == null) {
      throw Errors.notFloat();
    }
    java.math.BigDecimal result = LongDouble.add(current, by);
    if (result == null) {
      throw new CommandException("ERR increment would produce NaN or Infinity");
    }
    byte[] encoded = LongDouble.format(result).getBytes(StandardCharsets.US_ASCII);
    if (o == null) {
      db.add(args[1], encoded);
    } else {
      o.setValue(encoded);
    }
    engine.modified(db, args[1]);
    // Replicas get the exact result rather than redo the arithmetic; the TTL stays.
    c.propagate(SET, args[1], encoded, KEEPTTL);
    c.out.bulk(encoded);
  }
}
