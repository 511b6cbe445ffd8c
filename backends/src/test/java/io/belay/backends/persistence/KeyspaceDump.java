package io.belay.backends.persistence;

import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RObject;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import io.belay.backends.persistence.impl.Contents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A keyspace as comparable text: one entry per key, "db key" → type, content and expiry. */
final class KeyspaceDump {

  private KeyspaceDump() {
  }

  static Map<String, String> of(Keyspace ks) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < ks.databaseCount(); i++) {
      int db = i;
      ks.db(i).keys().forEach((k, o) -> out.put(db + " " + text(k), describe(o)));
    }
    return out;
  }

  static String describe(RObject o) {
    return describeValue(o.value()) + (o.hasExpire() ? " expire=" + o.expireAt() : "");
  }

  static String describeValue(Object v) {
    if (v instanceof byte[] s) {
      return "string " + text(s);
    } else if (v instanceof RList l) {
      List<String> items = new ArrayList<>();
      Contents.forEachElement(l, e -> items.add(text(e)));
      return "list " + items;
    } else if (v instanceof RSet s) {
      List<String> items = new ArrayList<>();
      Contents.forEachMember(s, e -> items.add(text(e)));
      items.sort(null);
      return "set " + items;
    } else if (v instanceof RHash h) {
      Map<String, String> items = new TreeMap<>();
      Contents.forEachField(h, (f, x) -> items.put(text(f), text(x)));
      return "hash " + items;
    } else if (v instanceof RZSet z) {
      List<String> items = new ArrayList<>();
      Contents.forEachScored(z, (m, s) -> items.add(text(m) + "=" + s));
      return "zset " + items;
    }
    throw new IllegalArgumentException(String.valueOf(v));
  }

  /** Printable text stays as it is; anything else is shown in hex, so binary keys compare too. */
  static String text(byte[] b) {
    boolean printable = true;
    for (byte x : b) {
      if (x < 32 || x > 126) {
        printable = false;
        break;
      }
    }
    if (printable) {
      return new String(b, StandardCharsets.US_ASCII);
    }
    StringBuilder sb = new StringBuilder("0x");
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }
}
