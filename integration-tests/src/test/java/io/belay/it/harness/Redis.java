package io.belay.it.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;

/** Small helpers over Jedis for tests: INFO as a map, one-shot commands. */
public final class Redis {

  private Redis() {
  }

  public static Jedis connect(int port) {
    Jedis j = new Jedis("127.0.0.1", port, 5000);
    j.connect();
    return j;
  }

  /** {@code INFO section} parsed into field → value. */
  public static Map<String, String> info(int port, String section) {
    try (Jedis j = connect(port)) {
      return parse(j.info(section));
    }
  }

  public static Map<String, String> parse(String info) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : info.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  public static String get(int port, String key) {
    try (Jedis j = connect(port)) {
      return j.get(key);
    }
  }
}
