package io.belay.backends.persistence.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoders for the compact encodings redis-server stores small collections in, as they
 * appear inside RDB strings: listpack (7.0), ziplist (up to 6.2), intset and zipmap (2.x).
 * Each yields the elements as byte strings, integers in their decimal form.
 */
public final class Packed {

  private Packed() {
  }

  /** A malformed blob; the caller reports it with the file offset of the blob. */
  public static final class Malformed extends Exception {
    public Malformed(String message) {
      super(message);
    }
  }

  // ---- listpack (listpack.c) -------------------------------------------------------------

  public static List<byte[]> listpack(byte[] lp) throws Malformed {
    check(lp.length >= 7, "listpack shorter than its header");
    int total = le32(lp, 0);
    check(total == lp.length, "listpack length " + total + " differs from its string's " + lp.length);
    int count = le16(lp, 4);
    List<byte[]> out = new ArrayList<>(count == 0xFFFF ? 16 : count);
    int p = 6;
    while (true) {
      check(p < lp.length, "listpack without its end marker");
      int b = lp[p] & 0xff;
      if (b == 0xFF) {
        break;
      }
      int start = p;
      byte[] value;
      if ((b & 0x80) == 0) {
        value = ascii(b & 0x7F);
        p += 1;
      } else if ((b & 0xC0) == 0x80) {
        int len = b & 0x3F;
        value = slice(lp, p + 1, len);
        p += 1 + len;
      } else if ((b & 0xE0) == 0xC0) {
        check(p + 1 < lp.length, "truncated listpack integer");
        value = ascii(signExtend(((b & 0x1F) << 8) | (lp[p + 1] & 0xff), 13));
        p += 2;
      } else if ((b & 0xF0) == 0xE0) {
        check(p + 1 < lp.length, "truncated listpack string length");
        int len = ((b & 0x0F) << 8) | (lp[p + 1] & 0xff);
        value = slice(lp, p + 2, len);
        p += 2 + len;
      } else if (b == 0xF0) {
        check(p + 4 < lp.length, "truncated listpack string length");
        int len = le32(lp, p + 1);
        value = slice(lp, p + 5, len);
        p += 5 + len;
      } else if (b >= 0xF1 && b <= 0xF4) {
        int bytes = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
        check(p + bytes < lp.length, "truncated listpack integer");
        long v = 0;
        for (int i = 0; i < bytes; i++) {
          v |= (lp[p + 1 + i] & 0xffL) << (8 * i);
        }
        value = ascii(bytes == 8 ? v : signExtend(v, bytes * 8));
        p += 1 + bytes;
      } else {
        throw new Malformed("unknown listpack encoding " + b);
      }
      p += backlenSize(p - start);
      out.add(value);
    }
    check(count == 0xFFFF || count == out.size(), "listpack holds " + out.size() + " entries, header says " + count);
    return out;
  }

  /** lpEncodeBacklen: the entry length written after each entry, in 7-bit groups. */
  private static int backlenSize(int entryLength) {
    if (entryLength <= 127) {
      return 1;
    } else if (entryLength < 16383) {
      return 2;
    } else if (entryLength < 2097151) {
      return 3;
    } else if (entryLength < 268435455) {
      return 4;
    }
    return 5;
  }

  // ---- ziplist (ziplist.c) ---------------------------------------------------------------

  public static List<byte[]> ziplist(byte[] zl) throws Malformed {
    check(zl.length >= 11, "ziplist shorter than its header");
    check(le32(zl, 0) == zl.length, "ziplist length differs from its string's");
    int count = le16(zl, 8);
    List<byte[]> out = new ArrayList<>(count == 0xFFFF ? 16 : count);
    int p = 10;
    while (true) {
      check(p < zl.length, "ziplist without its end marker");
      if ((zl[p] & 0xff) == 0xFF) {
        break;
      }
      p += (zl[p] & 0xff) < 254 ? 1 : 5;
      check(p < zl.length, "truncated ziplist entry");
      int b = zl[p] & 0xff;
      switch (b >> 6) {
        case 0 -> {
          int len = b & 0x3F;
          out.add(slice(zl, p + 1, len));
          p += 1 + len;
        }
        case 1 -> {
          check(p + 1 < zl.length, "truncated ziplist string length");
          int len = ((b & 0x3F) << 8) | (zl[p + 1] & 0xff);
          out.add(slice(zl, p + 2, len));
          p += 2 + len;
        }
        case 2 -> {
          check(p + 4 < zl.length, "truncated ziplist string length");
          int len = be32(zl, p + 1);
          out.add(slice(zl, p + 5, len));
          p += 5 + len;
        }
        default -> {
          int bytes;
          if (b == 0xC0) {
            bytes = 2;
          } else if (b == 0xD0) {
            bytes = 4;
          } else if (b == 0xE0) {
            bytes = 8;
          } else if (b == 0xF0) {
            bytes = 3;
          } else if (b == 0xFE) {
            bytes = 1;
          } else if (b >= 0xF1 && b <= 0xFD) {
            out.add(ascii((b & 0x0F) - 1));
            p += 1;
            continue;
          } else {
            throw new Malformed("unknown ziplist encoding " + b);
          }
          check(p + bytes < zl.length, "truncated ziplist integer");
          long v = 0;
          for (int i = 0; i < bytes; i++) {
            v |= (zl[p + 1 + i] & 0xffL) << (8 * i);
          }
          out.add(ascii(bytes == 8 ? v : signExtend(v, bytes * 8)));
          p += 1 + bytes;
        }
      }
    }
    check(count == 0xFFFF || count == out.size(), "ziplist holds " + out.size() + " entries, header says " + count);
    return out;
  }

  // ---- intset (intset.c) -----------------------------------------------------------------

  public static List<byte[]> intset(byte[] is) throws Malformed {
    check(is.length >= 8, "intset shorter than its header");
    int width = le32(is, 0);
    check(width == 2 || width == 4 || width == 8, "intset with element width " + width);
    int count = le32(is, 4);
    check(count >= 0 && (long) count * width + 8 == is.length, "intset length differs from its count");
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long v = 0;
      int at = 8 + i * width;
      for (int k = 0; k < width; k++) {
        v |= (is[at + k] & 0xffL) << (8 * k);
      }
      out.add(ascii(width == 8 ? v : signExtend(v, width * 8)));
    }
    return out;
  }

  // ---- zipmap (zipmap.c, hashes of Redis 2.x) --------------------------------------------

  public static List<byte[]> zipmap(byte[] zm) throws Malformed {
    List<byte[]> out = new ArrayList<>();
    int p = 1;
    while (true) {
      check(p < zm.length, "zipmap without its end marker");
      if ((zm[p] & 0xff) == 0xFF) {
        break;
      }
      int[] len = zipmapLength(zm, p);
      out.add(slice(zm, len[1], len[0]));
      p = len[1] + len[0];
      len = zipmapLength(zm, p);
      check(len[1] < zm.length, "truncated zipmap value");
      int free = zm[len[1]] & 0xff;
      out.add(slice(zm, len[1] + 1, len[0]));
      p = len[1] + 1 + len[0] + free;
    }
    check(out.size() % 2 == 0, "zipmap with a field without value");
    return out;
  }

  private static int[] zipmapLength(byte[] zm, int p) throws Malformed {
    check(p < zm.length, "truncated zipmap");
    int b = zm[p] & 0xff;
    if (b < 254) {
      return new int[] {b, p + 1};
    }
    check(b == 254 && p + 4 < zm.length, "bad zipmap length");
    return new int[] {le32(zm, p + 1), p + 5};
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A score stored as text in a packed sorted set or an old ZSET: Redis's strtod spellings. */
  public static double parseScore(byte[] b, int from, int to, RdbInput at) throws IOException {
    String s = new String(b, from, to - from, StandardCharsets.US_ASCII);
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw at.error("invalid sorted set score '" + s + "'");
        }
    }
  }

  private static void check(boolean ok, String message) throws Malformed {
    if (!ok) {
      throw new Malformed(message);
    }
  }

  private static byte[] slice(byte[] b, int from, int len) throws Malformed {
    check(len >= 0 && from + len <= b.length && from + len >= from, "entry runs past the end of its blob");
    byte[] out = new byte[len];
    System.arraycopy(b, from, out, 0, len);
    return out;
  }

  private static long signExtend(long v, int bits) {
    long shift = 64 - bits;
    return (v << shift) >> shift;
  }

  private static byte[] ascii(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }

  private static int be32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }
}
