package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.RObject;
import io.belay.backends.persistence.impl.Contents;
import io.belay.backends.persistence.impl.RdbFiles;
import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RdbRoundTripTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A keyspace with every type, small and large, integer-like and compressible strings, expiries. */
  static Keyspace sample() {
    Keyspace ks = new Keyspace(16);
    Database d0 = ks.db(0);
    long future = System.currentTimeMillis() + 3_600_000;
    String[] strings = {"", "0", "1", "-1", "127", "128", "-128", "-129", "32767", "32768", "-32768", "-32769",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808",
        "007", "+1", "-0", "1.5", " 1", "12345678901", "hello world"};
    for (int i = 0; i < strings.length; i++) {
      d0.add(b("str:" + i), b(strings[i]));
    }
    d0.add(b("long:compressible"), b("abc".repeat(5000)));
    d0.add(b("long:huge"), b("0123456789".repeat(20_000)));
    byte[] random = new byte[70_000];
    new Random(1).nextBytes(random);
    d0.add(b("long:random"), random);
    d0.add(new byte[] {0, (byte) 0xff, 10, 13}, new byte[] {1, 2, 3, 0});
    RObject withTtl = d0.add(b("ttl:string"), b("v"));
    d0.setExpire(b("ttl:string"), withTtl, future);

    RList small = Contents.newList();
    for (String s : new String[] {"a", "1", "-5", "b".repeat(100)}) {
      Contents.append(small, b(s));
    }
    RObject l = d0.add(b("list:small"), small);
    d0.setExpire(b("list:small"), l, future + 1);
    RList big = Contents.newList();
    for (int i = 0; i < 5000; i++) {
      Contents.append(big, b(i % 3 == 0 ? Integer.toString(i) : "element-" + i + "-".repeat(i % 50)));
    }
    d0.add(b("list:big"), big);

    RSet ints = Contents.newSet();
    for (int i = -100; i < 100; i += 7) {
      Contents.add(ints, b(Integer.toString(i)));
    }
    d0.add(b("set:ints"), ints);
    RSet mixed = Contents.newSet();
    for (int i = 0; i < 2000; i++) {
      Contents.add(mixed, b("m" + i));
    }
    RObject s = d0.add(b("set:big"), mixed);
    d0.setExpire(b("set:big"), s, future + 2);

    RZSet z = Contents.newZSet();
    Contents.put(z, b("a"), 1.5);
    Contents.put(z, b("b"), -0.0);
    Contents.put(z, b("c"), Double.POSITIVE_INFINITY);
    Contents.put(z, b("d"), Double.NEGATIVE_INFINITY);
    Contents.put(z, b("e"), 1e300);
    Contents.put(z, b("f"), 0.1);
    d0.add(b("zset:small"), z);
    RZSet bigZ = Contents.newZSet();
    for (int i = 0; i < 3000; i++) {
      Contents.put(bigZ, b("member" + i), i / 7.0);
    }
    d0.add(b("zset:big"), bigZ);

    RHash h = Contents.newHash();
    Contents.put(h, b("f1"), b("v1"));
    Contents.put(h, b("n"), b("42"));
    Contents.put(h, b("empty"), b(""));
    d0.add(b("hash:small"), h);
    RHash bigH = Contents.newHash();
    for (int i = 0; i < 1000; i++) {
      Contents.put(bigH, b("field" + i), b("value".repeat(i % 20)));
    }
    RObject hh = d0.add(b("hash:big"), bigH);
    d0.setExpire(b("hash:big"), hh, future + 3);

    ks.db(3).add(b("in-db-3"), b("three"));
    ks.db(15).add(b("in-db-15"), b("fifteen"));
    return ks;
  }

  static byte[] write(Keyspace ks, boolean compress) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("redis-ver", "7.0.15");
    aux.put("redis-bits", "64");
    aux.put("repl-id", "0123456789abcdef0123456789abcdef01234567");
    aux.put("repl-offset", "12345");
    RdbFiles.write(ks, aux, compress, out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void shouldLoadEveryTypeBackAsItWasWritten() throws IOException {
    Keyspace original = sample();
    for (boolean compress : new boolean[] {true, false}) {
      byte[] rdb = write(original, compress);
      Keyspace loaded = new Keyspace(16);
      RdbInfo info = new RdbReader(loaded).load(new ByteArrayInputStream(rdb));
      assertEquals(KeyspaceDump.of(original), KeyspaceDump.of(loaded));
      assertEquals(10, info.version());
      assertEquals("0123456789abcdef0123456789abcdef01234567", info.replId());
      assertEquals(12345, info.replOffset());
      assertEquals(original.keyCount(), info.keysLoaded());
    }
  }

  @Test
  void shouldCompressLongStringsAndEncodeSmallIntegers() {
    int compressed = write(sample(), true).length;
    int plain = write(sample(), false).length;
    assertTrue(compressed < plain - 100_000, compressed + " vs " + plain);
    Keyspace ks = new Keyspace(16);
    ks.db(0).add(b("k"), b("-32768"));
    byte[] rdb = write(ks, true);
    // ...\x00 type string, \x01 k, then 0xC1 (16-bit integer encoding) and two little-endian bytes
    String hex = hex(rdb);
    assertTrue(hex.contains("00016bc10080"), hex);
  }

  @Test
  void shouldSkipKeysWhoseExpiryHasPassed() throws IOException {
    Keyspace ks = new Keyspace(16);
    RObject o = ks.db(0).add(b("gone"), b("x"));
    ks.db(0).setExpire(b("gone"), o, System.currentTimeMillis() - 1000);
    ks.db(0).add(b("kept"), b("y"));
    Keyspace loaded = new Keyspace(16);
    RdbInfo info = new RdbReader(loaded).load(new ByteArrayInputStream(write(ks, true)));
    assertEquals(1, info.keysLoaded());
    assertEquals(1, info.keysExpired());
    assertEquals(1, loaded.db(0).size());
  }

  @Test
  void shouldRejectACorruptChecksum() {
    byte[] rdb = write(sample(), true);
    rdb[rdb.length - 20] ^= 1;
    RdbFormatException e = assertThrows(RdbFormatException.class,
        () -> new RdbReader(new Keyspace(16)).load(new ByteArrayInputStream(rdb)));
    assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("LZF"), e.getMessage());
  }

  @Test
  void shouldRejectATruncatedFileWithItsOffset() {
    byte[] rdb = write(sample(), true);
    byte[] cut = java.util.Arrays.copyOf(rdb, rdb.length / 2);
    IOException e = assertThrows(IOException.class,
        () -> new RdbReader(new Keyspace(16)).load(new ByteArrayInputStream(cut)));
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
  }

  @Test
  void shouldReadAuxFieldsAlone() throws IOException {
    Map<String, String> aux = RdbReader.readAux(new ByteArrayInputStream(write(sample(), true)));
    assertEquals("12345", aux.get("repl-offset"));
    assertEquals("64", aux.get("redis-bits"));
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }
}
