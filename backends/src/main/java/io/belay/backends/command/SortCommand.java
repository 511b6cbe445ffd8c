package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RObject;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO over lists, sets and sorted sets: numeric or ALPHA, BY a key pattern
 * (or a hash field, {@code key*->field}), BY without {@code *} to skip sorting, GET
 * patterns with {@code #} for the element itself, LIMIT and STORE into a list.
 */
final class SortCommand {

  private static final byte[] EMPTY = new byte[0];

  /** One element with the key it sorts by: a score, or (ALPHA BY) the looked-up string. */
  private static final class Item {
    final byte[] element;
    double score;
    byte[] by;

    Item(byte[] element) {
      this.element = element;
    }
  }

  /** SORT's options, as parsed from its SQL-like syntax. */
  private static final class Options {
    boolean desc;
    boolean alpha;
    boolean dontSort;
    long limitStart;
    long limitCount = -1;
    byte[] by;
    byte[] store;
    final List<byte[]> gets = new ArrayList<>();
  }

  private final Engine engine;

  SortCommand(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("sort", (c, a) -> sort(c, a, false));
    r.add("sort_ro", (c, a) -> sort(c, a, true));
  }

  private static Options parse(byte[][] args, boolean readonly) {
    Options o = new Options();
    for (int j = 2; j < args.length; j++) {
      int left = args.length - j - 1;
      byte[] a = args[j];
      if (Args.is(a, "asc")) {
        o.desc = false;
      } else if (Args.is(a, "desc")) {
        o.desc = true;
      } else if (Args.is(a, "alpha")) {
        o.alpha = true;
      } else if (Args.is(a, "limit") && left >= 2) {
        o.limitStart = Args.toLong(args[j + 1]);
        o.limitCount = Args.toLong(args[j + 2]);
        j += 2;
      } else if (!readonly && Args.is(a, "store") && left >= 1) {
        o.store = args[++j];
      } else if (Args.is(a, "by") && left >= 1) {
        o.by = args[++j];
        // A pattern without '*' names no per-element key: nothing to sort by.
        if (indexOf(o.by, (byte) '*', 0) < 0) {
          o.dontSort = true;
        }
      } else if (Args.is(a, "get") && left >= 1) {
        o.gets.add(args[++j]);
      } else {
        throw Errors.syntax();
      }
    }
    return o;
  }

  private void sort(Client c, byte[][] args, boolean readonly) {
    Options o = parse(args, readonly);
    Database db = engine.keyspace().db(c.dbIndex());
    RObject found = db.lookupRead(args[1]);
    Object value = found == null ? null : found.value();
    if (value != null && !(value instanceof RList) && !(value instanceof RSet) && !(value instanceof RZSet)) {
      throw Errors.wrongType();
    }
    if (o.dontSort && value instanceof RSet && o.store != null) {
      // A set has no order of its own: what is stored must not depend on hash order.
      o.dontSort = false;
      o.alpha = true;
      o.by = null;
    }
    List<Item> items = load(value);
    int length = items.size();
    long start = o.limitStart < 0 ? 0 : o.limitStart;
    long end = o.limitCount < 0 ? length - 1 : start + o.limitCount - 1;
    if (start >= length) {
      start = length - 1;
      end = length - 2;
    }
    if (end >= length) {
      end = length - 1;
    }
    if (o.dontSort) {
      if (o.desc && !(value instanceof RSet)) {
        Collections.reverse(items);
      }
    } else {
      boolean convertible = score(db, o, items);
      if (!convertible) {
        throw new CommandException("ERR One or more scores can't be converted into double");
      }
      items.sort(comparator(o));
    }
    int count = (int) Math.max(0, end - start + 1);
    if (o.store == null) {
      reply(c, db, o, items, (int) Math.max(0, start), count);
    } else {
      store(c, db, o, items, (int) Math.max(0, start), count);
    }
  }

  /** The elements in their own order: a list's, a sorted set's, a set's hash order. */
  private static List<Item> load(Object value) {
    List<Item> items = new ArrayList<>();
    if (value instanceof RList list) {
      for (int i = 0; i < list.size(); i++) {
        items.add(new Item(list.get(i)));
      }
    } else if (value instanceof RSet set) {
      set.members().forEach((m, ignored) -> items.add(new Item(m)));
    } else if (value instanceof RZSet zset) {
      for (RZSet.Node n = zset.first(); n != null; n = n.next()) {
        items.add(new Item(n.member()));
      }
    }
    return items;
  }

  /** Fills in sort keys; false if a numeric key is not a double. Missing BY keys sort as 0 (or first). */
  private static boolean score(Database db, Options o, List<Item> items) {
    boolean ok = true;
    for (Item item : items) {
      byte[] by = o.by == null ? item.element : lookup(db, o.by, item.element);
      if (by == null) {
        continue;
      }
      if (o.alpha) {
        if (o.by != null) {
          item.by = by;
        }
        continue;
      }
      // strtod on a C string: parsing must end at the end or at a NUL
      ZSetArgs.Parsed p = ZSetArgs.strtod(by, 0);
      item.score = p.value();
      if ((p.used() < by.length && by[p.used()] != 0) || p.outOfRange() || Double.isNaN(p.value())) {
        ok = false;
      }
    }
    return ok;
  }

  private static Comparator<Item> comparator(Options o) {
    boolean binary = o.store != null;
    Comparator<Item> cmp;
    if (!o.alpha) {
      cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
    } else if (o.by != null) {
      cmp = (a, b) -> {
        if (a.by == null || b.by == null) {
          return a.by == b.by ? 0 : a.by == null ? -1 : 1;
        }
        return binary ? Arrays.compareUnsigned(a.by, b.by) : collate(a.by, b.by);
      };
    } else {
      cmp = (a, b) -> binary ? Arrays.compareUnsigned(a.element, b.element) : collate(a.element, b.element);
    }
    return o.desc ? cmp.reversed() : cmp;
  }

  /** strcoll in the C/C.UTF-8 locale redis-server runs with: byte order up to the first NUL. */
  private static int collate(byte[] a, byte[] b) {
    int n = Math.max(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int x = i < a.length ? a[i] & 0xff : 0;
      int y = i < b.length ? b[i] & 0xff : 0;
      if (x != y) {
        return x - y;
      }
      if (x == 0) {
        return 0;
      }
    }
    return 0;
  }

  private void reply(Client c, Database db, Options o, List<Item> items, int start, int count) {
    c.out.arrayHeader(o.gets.isEmpty() ? count : o.gets.size() * count);
    for (int j = start; j < start + count; j++) {
      byte[] element = items.get(j).element;
      if (o.gets.isEmpty()) {
        c.out.bulk(element);
      }
      for (byte[] pattern : o.gets) {
        byte[] v = lookup(db, pattern, element);
        if (v == null) {
          c.out.nullBulk();
        } else {
          c.out.bulk(v);
        }
      }
    }
  }

  private void store(Client c, Database db, Options o, List<Item> items, int start, int count) {
    RList list = new RList();
    for (int j = start; j < start + count; j++) {
      byte[] element = items.get(j).element;
      if (o.gets.isEmpty()) {
        list.addLast(element);
      }
      for (byte[] pattern : o.gets) {
        byte[] v = lookup(db, pattern, element);
        list.addLast(v == null ? EMPTY : v);
      }
    }
    if (list.size() > 0) {
      db.put(o.store, list, false);
      engine.modified(db, o.store);
      engine.signalReady(db, o.store);
    } else if (db.lookupWrite(o.store) != null && db.delete(o.store)) {
      engine.modified(db, o.store);
    }
    c.out.integer(list.size());
  }

  /**
   * The string a pattern names for {@code element}: {@code #} is the element itself; else
   * the first {@code *} is replaced by it, and {@code ->field} after the {@code *} reads a
   * hash field. Null when there is no {@code *} or the key or field is missing or of
   * another type.
   */
  static byte[] lookup(Database db, byte[] pattern, byte[] element) {
    if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
      return element;
    }
    int star = indexOf(pattern, (byte) '*', 0);
    if (star < 0) {
      return null;
    }
    int arrow = -1;
    for (int i = star + 1; i + 1 < pattern.length && pattern[i] != 0 && pattern[i + 1] != 0; i++) {
      if (pattern[i] == '-' && pattern[i + 1] == '>') {
        arrow = i;
        break;
      }
    }
    byte[] field = null;
    int keyEnd = pattern.length;
    if (arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0) {
      field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
      keyEnd = arrow;
    }
    byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
    RObject o = db.lookupRead(key);
    if (o == null) {
      return null;
    }
    if (field != null) {
      return o.value() instanceof RHash h ? h.get(field) : null;
    }
    return o.value() instanceof byte[] b ? b : null;
  }

  /** strchr: the first {@code b} before any NUL, or -1. */
  private static int indexOf(byte[] s, byte b, int from) {
    for (int i = from; i < s.length && s[i] != 0; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
