package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.RObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Bitmaps on strings, as Redis 7.0's bitops.c: SETBIT, GETBIT, BITCOUNT and BITPOS (with
 * BYTE or BIT ranges), BITOP. Bit 0 is the most significant bit of the first byte.
 */
final class BitCommands {

  private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
  private static final String BAD_BIT = "ERR bit is not an integer or out of range";
  /** The largest array the JVM allocates; a longer string cannot exist here even if proto-max-bulk-len allows it. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Engine engine;

  BitCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("setbit", this::setbit);
    r.add("getbit", this::getbit);
    r.add("bitcount", this::bitcount);
    r.add("bitpos", this::bitpos);
    r.add("bitop", this::bitop);
  }

  private Database db(Client c) {
    return engine.keyspace().db(c.db);
  }

  private void setbit(Client c, byte[][] args) {
    long offset = bitOffset(c, args[2]);
    long on = Args.toLong(args[3], BAD_BIT);
    if ((on & ~1L) != 0) {
      throw new CommandException(BAD_BIT);
    }
    Database db = db(c);
    RObject o = db.lookupWrite(args[1]);
    byte[] old = null;
    if (o != null) {
      if (!(o.value() instanceof byte[] b)) {
        throw Errors.wrongType();
      }
      old = b;
    }
    int index = (int) (offset >>> 3);
    int mask = 1 << (7 - (int) (offset & 7));
    boolean was = old != null && index < old.length && (old[index] & mask) != 0;
    boolean grows = old == null || index >= old.length;
    // Redis 7.0 counts a change only when the key is created, grows or the bit flips, so a
    // no-op SETBIT neither invalidates WATCH nor propagates.
    if (grows || was != (on == 1)) {
      // Strings are shared (COPY, replication, snapshots hold the same array): never modify in place.
      byte[] updated = old == null ? new byte[index + 1] : Arrays.copyOf(old, Math.max(old.length, index + 1));
      updated[index] = (byte) (on == 1 ? updated[index] | mask : updated[index] & ~mask);
      if (o == null) {
        db.add(args[1], updated);
      } else {
        o.setValue(updated);
      }
      engine.modified(db, args[1]);
    }
    c.out.integer(was ? 1 : 0);
  }

  private void getbit(Client c, byte[][] args) {
    long offset = bitOffset(c, args[2]);
    byte[] v = Values.readString(db(c), args[1]);
    c.out.integer(v != null && bit(v, offset) ? 1 : 0);
  }

  private void bitcount(Client c, byte[][] args) {
    // Redis 7.0 looks the key up before it reads the range: a missing key counts 0 whatever follows.
    byte[] v = Values.readString(db(c), args[1]);
    if (v == null) {
      c.out.integer(0);
      return;
    }
    long from;
    long to;
    if (args.length == 4 || args.length == 5) {
      long start = Args.toLong(args[2]);
      long end = Args.toLong(args[3]);
      if (start < 0 && end < 0 && start > end) {
        c.out.integer(0);
        return;
      }
      long[] range = bitRange(start, end, v.length, args.length == 5 && unitIsBit(args[4]));
      if (range == null) {
        c.out.integer(0);
        return;
      }
      from = range[0];
      to = range[1];
    } else if (args.length == 2) {
      from = 0;
      to = (long) v.length * 8 - 1;
    } else {
      throw Errors.syntax();
    }
    c.out.integer(from > to ? 0 : popcount(v, from, to));
  }

  private void bitpos(Client c, byte[][] args) {
    long bit = Args.toLong(args[2]);
    if (bit != 0 && bit != 1) {
      throw new CommandException("ERR The bit argument must be 1 or 0.");
    }
    byte[] v = Values.readString(db(c), args[1]);
    if (v == null) {
      // a missing key is an endless run of zeros
      c.out.integer(bit == 1 ? -1 : 0);
      return;
    }
    boolean endGiven = false;
    long from;
    long to;
    if (args.length >= 4 && args.length <= 6) {
      long start = Args.toLong(args[3]);
      boolean bitUnit = args.length == 6 && unitIsBit(args[5]);
      long end;
      if (args.length >= 5) {
        end = Args.toLong(args[4]);
        endGiven = true;
      } else {
        end = Long.MAX_VALUE;
      }
      long[] range = bitRange(start, end, v.length, bitUnit);
      if (range == null) {
        c.out.integer(-1);
        return;
      }
      from = range[0];
      to = range[1];
    } else if (args.length == 3) {
      from = 0;
      to = (long) v.length * 8 - 1;
    } else {
      throw Errors.syntax();
    }
    if (from > to) {
      c.out.integer(-1);
      return;
    }
    long pos = firstBit(v, from, to, bit == 1);
    if (pos < 0 && bit == 0 && !endGiven) {
      // without an explicit end the string is seen as padded with zeros on the right
      pos = to + 1;
    }
    c.out.integer(pos);
  }

  private enum Op { AND, OR, XOR, NOT }

  private void bitop(Client c, byte[][] args) {
    Op op = operation(cBytes(args[1]));
    if (op == Op.NOT && args.length != 4) {
      throw new CommandException("ERR BITOP NOT must be called with a single source key.");
    }
    Database db = db(c);
    byte[][] sources = new byte[args.length - 3][];
    int maxLength = 0;
    for (int i = 0; i < sources.length; i++) {
      byte[] v = Values.readString(db, args[i + 3]);
      sources[i] = v == null ? new byte[0] : v;
      maxLength = Math.max(maxLength, sources[i].length);
    }
    byte[] dest = args[2];
    if (maxLength == 0) {
      // an empty result is no key at all
      if (db.lookupWrite(dest) != null && db.delete(dest)) {
        engine.modified(db, dest);
      }
      c.out.integer(0);
      return;
    }
    byte[] result = combine(op, sources, maxLength);
    db.lookupWrite(dest);
    db.put(dest, result, false);
    engine.modified(db, dest);
    c.out.integer(maxLength);
  }

  private static Op operation(byte[] name) {
    for (Op op : Op.values()) {
      if (Args.is(name, op.name().toLowerCase(java.util.Locale.ROOT))) {
        return op;
      }
    }
    throw Errors.syntax();
  }

  /** Shorter sources count as padded with zero bytes. */
  private static byte[] combine(Op op, byte[][] sources, int length) {
    byte[] out = Arrays.copyOf(sources[0], length);
    if (op == Op.NOT) {
      for (int i = 0; i < length; i++) {
        out[i] = (byte) ~out[i];
      }
      return out;
    }
    for (int s = 1; s < sources.length; s++) {
      byte[] src = sources[s];
      int n = src.length;
      switch (op) {
        case AND -> {
          for (int i = 0; i < n; i++) {
            out[i] &= src[i];
          }
          Arrays.fill(out, n, length, (byte) 0);
        }
        case OR -> {
          for (int i = 0; i < n; i++) {
            out[i] |= src[i];
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            out[i] ^= src[i];
          }
        }
      }
    }
    return out;
  }

  // ---- helpers -------------------------------------------------------------------------

  /**
   * A bit offset as getBitOffsetFromArgument reads it: an integer, not negative, and within
   * proto-max-bulk-len bytes unless the master sent it.
   */
  private long bitOffset(Client c, byte[] arg) {
    long[] out = new long[1];
    if (!Args.parseLong(arg, out) || out[0] < 0) {
      throw new CommandException(BAD_OFFSET);
    }
    long bytes = out[0] >>> 3;
    if ((!c.isMaster() && bytes >= engine.settings().protoMaxBulkLen()) || bytes >= MAX_ARRAY) {
      throw new CommandException(BAD_OFFSET);
    }
    return out[0];
  }

  private static boolean unitIsBit(byte[] unit) {
    if (Args.is(unit, "bit")) {
      return true;
    }
    if (Args.is(unit, "byte")) {
      return false;
    }
    throw Errors.syntax();
  }

  /**
   * {@code [start, end]} in {@code bitUnit ? bits : bytes} after Redis's rules (negative counts
   * from the end, clamped to the string), as inclusive bit positions; null if empty.
   */
  private static long[] bitRange(long start, long end, int length, boolean bitUnit) {
    long total = bitUnit ? (long) length * 8 : length;
    if (start < 0) {
      start = total + start;
    }
    if (end < 0) {
      end = total + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (end < 0) {
      end = 0;
    }
    if (end >= total) {
      end = total - 1;
    }
    if (start > end) {
      return null;
    }
    return bitUnit ? new long[] {start, end} : new long[] {start * 8, end * 8 + 7};
  }

  private static boolean bit(byte[] v, long offset) {
    long index = offset >>> 3;
    return index < v.length && (v[(int) index] & (1 << (7 - (int) (offset & 7)))) != 0;
  }

  /** Set bits among bit positions {@code from..to}, inclusive. */
  private static long popcount(byte[] v, long from, long to) {
    long count = 0;
    long p = from;
    for (; p <= to && (p & 7) != 0; p++) {
      count += bit(v, p) ? 1 : 0;
    }
    int i = (int) (p >>> 3);
    int lastFull = (int) ((to + 1) >>> 3); // exclusive
    for (; i + 8 <= lastFull; i += 8) {
      count += Long.bitCount((long) LONGS.get(v, i));
    }
    for (; i < lastFull; i++) {
      count += Integer.bitCount(v[i] & 0xff);
    }
    for (p = Math.max(p, (long) lastFull * 8); p <= to; p++) {
      count += bit(v, p) ? 1 : 0;
    }
    return count;
  }

  /** The first position in {@code from..to} holding {@code one}, or -1. */
  private static long firstBit(byte[] v, long from, long to, boolean one) {
    long p = from;
    for (; p <= to && (p & 7) != 0; p++) {
      if (bit(v, p) == one) {
        return p;
      }
    }
    int skip = one ? 0 : 0xff;
    for (; p + 7 <= to; p += 8) {
      int b = v[(int) (p >>> 3)] & 0xff;
      if (b != skip) {
        int bits = one ? b : ~b & 0xff;
        return p + Integer.numberOfLeadingZeros(bits) - 24;
      }
    }
    for (; p <= to; p++) {
      if (bit(v, p) == one) {
        return p;
      }
    }
    return -1;
  }

  /** The argument as C code sees it through strlen: up to the first NUL byte. */
  private static byte[] cBytes(byte[] arg) {
    for (int i = 0; i < arg.length; i++) {
      if (arg[i] == 0) {
        return Arrays.copyOf(arg, i);
      }
    }
    return arg;
  }
}
