package io.belay.it.replication;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Everything a server holds, read the way a client sees it: every key of every database by
 * SCAN, each read according to its type (GET, LRANGE, SMEMBERS, ZRANGE WITHSCORES, HGETALL)
 * together with its absolute expiry (PEXPIRETIME, which replication carries exactly). A
 * master and its replica hold the same data when their datasets are equal. redis-server's
 * DEBUG DIGEST-VALUE would compare server-side; Belay backends do not implement it.
 *
 * <p>Short contents are kept as text so a failure shows them; longer ones as a SHA-256
 * prefix and a length, so a dataset of millions of keys still fits in a test's memory.
 */
final class Dataset {

  /** Contents up to this many bytes are kept as text. */
  private static final int READABLE = 100;
  private static final int PAGE = 1000;

  /** database → key → "type, expiry: content". */
  private final Map<Integer, Map<String, String>> databases;

  private Dataset(Map<Integer, Map<String, String>> databases) {
    this.databases = databases;
  }

  /** Reads the whole dataset of the server on {@code port}; it should not be changing meanwhile. */
  static Dataset of(int port) {
    Map<Integer, Map<String, String>> out = new TreeMap<>();
    try (Jedis j = new Jedis("127.0.0.1", port, 120_000)) {
      int count = Integer.parseInt(j.configGet("databases").get("databases"));
      for (int db = 0; db < count; db++) {
        j.select(db);
        Map<String, String> keys = readDatabase(j);
        if (!keys.isEmpty()) {
          out.put(db, keys);
        }
      }
    }
    return new Dataset(out);
  }

  long keyCount() {
    return databases.values().stream().mapToLong(Map::size).sum();
  }

  Set<Integer> databases() {
    return databases.keySet();
  }

  Map<String, String> database(int db) {
    return databases.getOrDefault(db, Map.of());
  }

  /** Fails with the first differing keys unless {@code actual} holds exactly {@code expected}. */
  static void assertSame(Dataset expected, Dataset actual, String what) {
    List<String> differences = new ArrayList<>();
    Set<Integer> dbs = new TreeSet<>(expected.databases.keySet());
    dbs.addAll(actual.databases.keySet());
    for (int db : dbs) {
      Map<String, String> e = expected.database(db);
      Map<String, String> a = actual.database(db);
      if (e.size() != a.size()) {
        differences.add("db " + db + ": " + e.size() + " keys expected, " + a.size() + " found");
      }
      Set<String> keys = new TreeSet<>(e.keySet());
      keys.addAll(a.keySet());
      for (String key : keys) {
        String ev = e.get(key);
        String av = a.get(key);
        if (ev == null ? av != null : !ev.equals(av)) {
          differences.add("db " + db + " key " + key + ": expected <" + ev + "> but was <" + av + ">");
        }
        if (differences.size() >= 20) {
          break;
        }
      }
    }
    if (!differences.isEmpty()) {
      fail(what + " differs (" + expected.keyCount() + " keys expected, " + actual.keyCount() + " found):\n  "
          + String.join("\n  ", differences));
    }
  }

  private static Map<String, String> readDatabase(Jedis j) {
    Map<String, String> out = new TreeMap<>();
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> page = j.scan(cursor, new ScanParams().count(PAGE));
      readKeys(j, page.getResult(), out);
      cursor = page.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    return out;
  }

  private static void readKeys(Jedis j, List<byte[]> keys, Map<String, String> out) {
    List<Response<String>> types = new ArrayList<>(keys.size());
    List<Response<Long>> expiries = new ArrayList<>(keys.size());
    try (Pipeline p = j.pipelined()) {
      for (byte[] key : keys) {
        types.add(p.type(key));
        expiries.add(p.pexpireTime(key));
      }
    }
    List<Response<?>> contents = new ArrayList<>(keys.size());
    try (Pipeline p = j.pipelined()) {
      for (int i = 0; i < keys.size(); i++) {
        byte[] key = keys.get(i);
        contents.add(switch (types.get(i).get()) {
          case "string" -> p.get(key);
          case "list" -> p.lrange(key, 0, -1);
          case "set" -> p.smembers(key);
          case "zset" -> p.zrangeWithScores(key, 0, -1);
          case "hash" -> p.hgetAll(key);
          default -> null;
        });
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      String type = types.get(i).get();
      Response<?> content = contents.get(i);
      if (type.equals("none") || (content != null && content.get() == null)) {
        continue; // expired or deleted between SCAN and the reads
      }
      long expiry = expiries.get(i).get();
      String entry = type + (expiry >= 0 ? ", expires at " + expiry : "") + ": "
          + (content == null ? "(type not compared)" : describe(canonical(content.get())));
      out.put(new String(keys.get(i), StandardCharsets.ISO_8859_1), entry);
    }
  }

  /** One byte string per value, independent of the order a set or hash happens to be stored in. */
  @SuppressWarnings("unchecked")
  private static byte[] canonical(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (value instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof byte[])) {
      out.writeBytes("[".getBytes(StandardCharsets.US_ASCII));
      for (Object e : list) {
        element(out, (byte[]) e);
      }
    } else if (value instanceof List<?> list) {
      out.writeBytes("{".getBytes(StandardCharsets.US_ASCII));
      for (Object t : list) {
        element(out, ((Tuple) t).getBinaryElement());
        element(out, Double.toString(((Tuple) t).getScore()).getBytes(StandardCharsets.US_ASCII));
      }
    } else if (value instanceof Set<?> set) {
      out.writeBytes("(".getBytes(StandardCharsets.US_ASCII));
      for (byte[] e : sorted((Collection<byte[]>) set)) {
        element(out, e);
      }
    } else if (value instanceof Map<?, ?> map) {
      Map<byte[], byte[]> hash = (Map<byte[], byte[]>) map;
      out.writeBytes("<".getBytes(StandardCharsets.US_ASCII));
      for (byte[] field : sorted(hash.keySet())) {
        element(out, field);
        element(out, hash.get(field));
      }
    } else {
      throw new IllegalArgumentException("unexpected reply " + value);
    }
    return out.toByteArray();
  }

  private static List<byte[]> sorted(Collection<byte[]> elements) {
    List<byte[]> list = new ArrayList<>(elements);
    list.sort(Arrays::compare);
    return list;
  }

  private static void element(ByteArrayOutputStream out, byte[] e) {
    out.writeBytes((e.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(e);
    out.write(' ');
  }

  private static String describe(byte[] content) {
    if (content.length <= READABLE) {
      return new String(content, StandardCharsets.ISO_8859_1);
    }
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(content);
      return content.length + " bytes, sha256 " + HexFormat.of().formatHex(sha, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
