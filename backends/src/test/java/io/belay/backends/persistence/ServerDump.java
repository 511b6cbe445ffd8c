package io.belay.backends.persistence;

import io.belay.backends.testing.RawClient;
import io.belay.protocol.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A live server's data (redis-server or a Belay backend) in {@link KeyspaceDump}'s form, read over RESP. */
final class ServerDump {

  private ServerDump() {
  }

  static Map<String, String> of(RawClient c, int databases) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (int db = 0; db < databases; db++) {
      c.call("SELECT", db);
      String cursor = "0";
      do {
        List<RespValue> page = array(c.call("SCAN", cursor, "COUNT", 1000));
        cursor = str(page.get(0));
        for (RespValue k : array(page.get(1))) {
          byte[] key = bytes(k);
          String value = value(c, key);
          long pexpireAt = ((RespValue.Integer) c.call("PEXPIRETIME", key)).value();
          out.put(db + " " + KeyspaceDump.text(key), value + (pexpireAt >= 0 ? " expire=" + pexpireAt : ""));
        }
      } while (!cursor.equals("0"));
    }
    return out;
  }

  private static String value(RawClient c, byte[] key) throws IOException {
    String type = str(c.call("TYPE", key));
    switch (type) {
      case "string":
        return "string " + KeyspaceDump.text(bytes(c.call("GET", key)));
      case "list": {
        List<String> items = new ArrayList<>();
        for (RespValue v : array(c.call("LRANGE", key, 0, -1))) {
          items.add(KeyspaceDump.text(bytes(v)));
        }
        return "list " + items;
      }
      case "set": {
        List<String> items = new ArrayList<>();
        for (RespValue v : array(c.call("SMEMBERS", key))) {
          items.add(KeyspaceDump.text(bytes(v)));
        }
        items.sort(null);
        return "set " + items;
      }
      case "hash": {
        Map<String, String> items = new TreeMap<>();
        List<RespValue> all = array(c.call("HGETALL", key));
        for (int i = 0; i < all.size(); i += 2) {
          items.put(KeyspaceDump.text(bytes(all.get(i))), KeyspaceDump.text(bytes(all.get(i + 1))));
        }
        return "hash " + items;
      }
      case "zset": {
        List<String> items = new ArrayList<>();
        List<RespValue> all = array(c.call("ZRANGE", key, 0, -1, "WITHSCORES"));
        for (int i = 0; i < all.size(); i += 2) {
          items.add(KeyspaceDump.text(bytes(all.get(i))) + "=" + score(str(all.get(i + 1))));
        }
        return "zset " + items;
      }
      default:
        throw new IllegalStateException("type " + type);
    }
  }

  private static double score(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  static List<RespValue> array(RespValue v) {
    if (v instanceof RespValue.Array a) {
      return a.elements();
    }
    throw new IllegalStateException("expected an array, got " + v);
  }

  static byte[] bytes(RespValue v) {
    if (v instanceof RespValue.BulkString b) {
      return b.value();
    }
    throw new IllegalStateException("expected a bulk string, got " + v);
  }

  static String str(RespValue v) {
    if (v instanceof RespValue.BulkString b) {
      return new String(b.value(), StandardCharsets.UTF_8);
    } else if (v instanceof RespValue.SimpleString s) {
      return s.value();
    } else if (v instanceof RespValue.Integer i) {
      return Long.toString(i.value());
    }
    throw new IllegalStateException("unexpected reply " + v);
  }
}
