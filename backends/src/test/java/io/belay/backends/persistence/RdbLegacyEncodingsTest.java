package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.belay.backends.engine.Keyspace;
import io.belay.backends.persistence.impl.Packed;
import io.belay.backends.persistence.impl.RdbOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The encodings redis-server 7.0 no longer writes but older servers' files hold (ziplist,
 * zipmap, quicklist 1, the text-double ZSET, second-precision expiry), and listpack corners,
 * built byte by byte as ziplist.c, listpack.c and zipmap.c lay them out.
 */
class RdbLegacyEncodingsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- ziplist ---------------------------------------------------------------------------

  static byte[] ziplist(Object... entries) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int prev = 0;
    for (Object e : entries) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      if (prev < 254) {
        entry.write(prev);
      } else {
        entry.write(0xFE);
        le(entry, prev, 4);
      }
      if (e instanceof Long v) {
        if (v >= 0 && v <= 12) {
          entry.write(0xF1 + v.intValue());
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
          entry.write(0xFE);
          le(entry, v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
          entry.write(0xC0);
          le(entry, v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
          entry.write(0xF0);
          le(entry, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
          entry.write(0xD0);
          le(entry, v, 4);
        } else {
          entry.write(0xE0);
          le(entry, v, 8);
        }
      } else {
        byte[] s = b((String) e);
        if (s.length <= 63) {
          entry.write(s.length);
        } else if (s.length <= 16383) {
          entry.write(0x40 | (s.length >> 8));
          entry.write(s.length & 0xff);
        } else {
          entry.write(0x80);
          for (int i = 3; i >= 0; i--) {
            entry.write((s.length >>> (8 * i)) & 0xff);
          }
        }
        entry.writeBytes(s);
      }
      prev = entry.size();
      body.writeBytes(entry.toByteArray());
    }
    ByteArrayOutputStream zl = new ByteArrayOutputStream();
    int total = 10 + body.size() + 1;
    le(zl, total, 4);
    le(zl, 0, 4);
    le(zl, entries.length, 2);
    zl.writeBytes(body.toByteArray());
    zl.write(0xFF);
    return zl.toByteArray();
  }

  // ---- listpack --------------------------------------------------------------------------

  static byte[] listpack(Object... entries) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Object e : entries) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      if (e instanceof Long v) {
        if (v >= 0 && v <= 127) {
          entry.write(v.intValue());
        } else if (v >= -4096 && v <= 4095) {
          entry.write(0xC0 | (int) ((v >> 8) & 0x1F));
          entry.write((int) (v & 0xff));
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
          entry.write(0xF1);
          le(entry, v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
          entry.write(0xF2);
          le(entry, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
          entry.write(0xF3);
          le(entry, v, 4);
        } else {
          entry.write(0xF4);
          le(entry, v, 8);
        }
      } else {
        byte[] s = b((String) e);
        if (s.length < 64) {
          entry.write(0x80 | s.length);
        } else if (s.length < 4096) {
          entry.write(0xE0 | (s.length >> 8));
          entry.write(s.length & 0xff);
        } else {
          entry.write(0xF0);
          le(entry, s.length, 4);
        }
        entry.writeBytes(s);
      }
      int l = entry.size();
      body.writeBytes(entry.toByteArray());
      // lpEncodeBacklen
      if (l <= 127) {
        body.write(l);
      } else if (l < 16383) {
        body.write(l >> 7);
        body.write((l & 127) | 128);
      } else {
        body.write(l >> 14);
        body.write(((l >> 7) & 127) | 128);
        body.write((l & 127) | 128);
      }
    }
    ByteArrayOutputStream lp = new ByteArrayOutputStream();
    le(lp, 6 + body.size() + 1, 4);
    le(lp, entries.length, 2);
    lp.writeBytes(body.toByteArray());
    lp.write(0xFF);
    return lp.toByteArray();
  }

  static byte[] intset(int width, long... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    le(out, width, 4);
    le(out, values.length, 4);
    for (long v : values) {
      le(out, v, width);
    }
    return out.toByteArray();
  }

  static byte[] zipmap(String... kv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(kv.length / 2);
    for (int i = 0; i < kv.length; i += 2) {
      byte[] k = b(kv[i]);
      byte[] v = b(kv[i + 1]);
      out.write(k.length);
      out.writeBytes(k);
      if (v.length < 254) {
        out.write(v.length);
      } else {
        out.write(254);
        le(out, v.length, 4);
      }
      out.write(2); // free bytes after the value
      out.writeBytes(v);
      out.write(0);
      out.write(0);
    }
    out.write(0xFF);
    return out.toByteArray();
  }

  private static void le(ByteArrayOutputStream out, long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  private static List<String> strings(List<byte[]> l) {
    List<String> out = new ArrayList<>();
    l.forEach(x -> out.add(new String(x, StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void shouldDecodeZiplistEntriesOfEveryEncoding() throws Exception {
    String long300 = "x".repeat(300);
    String long20000 = "y".repeat(20000);
    byte[] zl = ziplist("a", 0L, 12L, 13L, -1L, 200L, -30000L, 8_000_000L, -8_000_000L, 2_000_000_000L,
        9_000_000_000_000L, Long.MIN_VALUE, long300, "after-long", long20000, "end");
    assertEquals(List.of("a", "0", "12", "13", "-1", "200", "-30000", "8000000", "-8000000", "2000000000",
        "9000000000000", Long.toString(Long.MIN_VALUE), long300, "after-long", long20000, "end"),
        strings(Packed.ziplist(zl)));
  }

  @Test
  void shouldDecodeListpackEntriesOfEveryEncoding() throws Exception {
    String s200 = "z".repeat(200);
    String s5000 = "w".repeat(5000);
    String s20000 = "v".repeat(20000);
    byte[] lp = listpack(0L, 127L, 128L, -1L, -4096L, 4095L, 30000L, -8_000_000L, 2_000_000_000L, Long.MAX_VALUE,
        "", "short", s200, s5000, s20000, "tail");
    assertEquals(List.of("0", "127", "128", "-1", "-4096", "4095", "30000", "-8000000", "2000000000",
        Long.toString(Long.MAX_VALUE), "", "short", s200, s5000, s20000, "tail"), strings(Packed.listpack(lp)));
  }

  @Test
  void shouldDecodeIntsetsOfEveryWidthAndZipmaps() throws Exception {
    assertEquals(List.of("-5", "7"), strings(Packed.intset(intset(2, -5, 7))));
    assertEquals(List.of("-70000", "70000"), strings(Packed.intset(intset(4, -70000, 70000))));
    assertEquals(List.of("-9000000000000", "1"), strings(Packed.intset(intset(8, -9_000_000_000_000L, 1))));
    assertEquals(List.of("k", "v", "long", "q".repeat(300)), strings(Packed.zipmap(zipmap("k", "v", "long",
        "q".repeat(300)))));
  }

  @Test
  void shouldRejectMalformedBlobs() {
    byte[] lp = listpack("abc", 5L);
    lp[lp.length - 1] = 0x00; // no end marker
    assertThrows(Packed.Malformed.class, () -> Packed.listpack(lp));
    byte[] zl = ziplist("abc");
    zl[0] = 99; // zlbytes lies
    assertThrows(Packed.Malformed.class, () -> Packed.ziplist(zl));
  }

  @Test
  void shouldLoadAnOldServersFile() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    RdbOutput out = new RdbOutput(file::writeBytes, 1 << 20, true);
    out.write(b("REDIS0006"));
    out.writeByte(254);
    out.writeLength(0);
    out.writeByte(10); // LIST_ZIPLIST
    out.writeString("zl-list");
    out.writeString(ziplist("a", 5L, "b"));
    out.writeByte(12); // ZSET_ZIPLIST
    out.writeString("zl-zset");
    out.writeString(ziplist("m1", 1L, "m2", "2.5", "m3", "-inf"));
    out.writeByte(13); // HASH_ZIPLIST
    out.writeString("zl-hash");
    out.writeString(ziplist("f", "v", "n", 42L));
    out.writeByte(253); // EXPIRETIME in seconds
    for (long v = 2_000_000_000L, i = 0; i < 4; i++) {
      out.writeByte((int) (v >>> (8 * i)) & 0xff);
    }
    out.writeByte(14); // LIST_QUICKLIST of ziplists
    out.writeString("quicklist-1");
    out.writeLength(2);
    out.writeString(ziplist("x", 1L));
    out.writeString(ziplist("y", 2L));
    out.writeByte(9); // HASH_ZIPMAP
    out.writeString("zipmap");
    out.writeString(zipmap("a", "1", "b", "2"));
    out.writeByte(3); // ZSET with text doubles
    out.writeString("old-zset");
    out.writeLength(3);
    out.writeString("p");
    out.writeByte(3);
    out.write(b("1.5"));
    out.writeString("q");
    out.writeByte(254); // +inf
    out.writeString("r");
    out.writeByte(255); // -inf
    out.writeByte(11); // SET_INTSET
    out.writeString("intset");
    out.writeString(intset(4, -70000, 3));
    out.writeByte(20); // SET_LISTPACK (7.2)
    out.writeString("lp-set");
    out.writeString(listpack("s1", 77L));
    out.writeByte(17); // ZSET_LISTPACK
    out.writeString("lp-zset");
    out.writeString(listpack("a", 1L, "b", "0.5"));
    out.writeByte(255);
    out.flush();
    out.writeLongLE(0); // checksum disabled
    out.flush();

    Keyspace ks = new Keyspace(16);
    new RdbReader(ks).load(new ByteArrayInputStream(file.toByteArray()));
    Map<String, String> dump = KeyspaceDump.of(ks);
    assertEquals("list [a, 5, b]", dump.get("0 zl-list"));
    assertEquals("zset [m3=-Infinity, m1=1.0, m2=2.5]", dump.get("0 zl-zset"));
    assertEquals("hash {f=v, n=42}", dump.get("0 zl-hash"));
    assertEquals("list [x, 1, y, 2] expire=2000000000000", dump.get("0 quicklist-1"));
    assertEquals("hash {a=1, b=2}", dump.get("0 zipmap"));
    assertEquals("zset [r=-Infinity, p=1.5, q=Infinity]", dump.get("0 old-zset"));
    assertEquals("set [-70000, 3]", dump.get("0 intset"));
    assertEquals("set [77, s1]", dump.get("0 lp-set"));
    assertEquals("zset [b=0.5, a=1.0]", dump.get("0 lp-zset"));
    assertEquals(9, dump.size());
  }
}
