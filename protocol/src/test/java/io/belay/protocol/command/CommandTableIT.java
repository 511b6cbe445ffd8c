package io.belay.protocol.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.RespValue;
import io.belay.protocol.testing.RedisServerProcess;
import io.belay.protocol.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated table against a live redis-server: what it reports is what we carry. */
class CommandTableIT {

  private static RedisServerProcess server;
  private static RespClient client;
  private final CommandTable table = CommandTable.redis7();

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServerProcess.start();
    client = server.connect();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void shouldCarryEveryCommandRedisReportsWithTheSameArityFlagsAndKeys() throws Exception {
    RespValue count = client.call("COMMAND", "COUNT");
    assertEquals(new RespValue.Integer(table.size()), count);

    List<String> mismatches = new ArrayList<>();
    Set<String> reported = new TreeSet<>();
    for (RespValue entry : elements(client.call("COMMAND", "INFO"))) {
      compare(entry, reported, mismatches);
    }
    Set<String> ours = new TreeSet<>();
    for (CommandSpec spec : table.all()) {
      ours.add(spec.name());
      spec.subcommands().values().forEach(sub -> ours.add(sub.name()));
    }
    ours.removeAll(reported);
    if (!ours.isEmpty()) {
      mismatches.add("in our table but not in redis-server: " + ours);
    }
    assertTrue(mismatches.isEmpty(), mismatches.size() + " differences:\n" + String.join("\n", mismatches));
  }

  private void compare(RespValue entry, Set<String> reported, List<String> mismatches) {
    List<RespValue> e = elements(entry);
    String name = text(e.get(0));
    reported.add(name);
    CommandSpec spec = table.lookup(name);
    if (spec == null) {
      mismatches.add(name + ": missing");
      return;
    }
    check(mismatches, name, "arity", number(e.get(1)), spec.arity());
    Set<String> flags = elements(e.get(2)).stream().map(CommandTableIT::text).collect(Collectors.toCollection(TreeSet::new));
    Set<String> ourFlags = spec.flags().stream().map(CommandFlag::redisName).collect(Collectors.toCollection(TreeSet::new));
    check(mismatches, name, "flags", flags, ourFlags);
    check(mismatches, name, "first key", number(e.get(3)), spec.firstKey());
    check(mismatches, name, "last key", number(e.get(4)), spec.lastKey());
    check(mismatches, name, "step", number(e.get(5)), spec.step());
    List<String> acl = elements(e.get(6)).stream().map(v -> text(v).substring(1)).collect(Collectors.toList());
    check(mismatches, name, "acl categories", acl, spec.aclCategories());
    List<String> keySpecs = elements(e.get(8)).stream().map(CommandTableIT::keySpec).collect(Collectors.toList());
    check(mismatches, name, "key specs", keySpecs, spec.keySpecs().stream().map(CommandTableIT::keySpec).collect(Collectors.toList()));
    for (RespValue sub : elements(e.get(9))) {
      compare(sub, reported, mismatches);
    }
  }

  @Test
  void shouldFindTheKeysRedisFindsWithCommandGetkeys() throws Exception {
    String[][] lines = {
        {"GET", "k"},
        {"SET", "k", "v", "EX", "10", "GET"},
        {"MSET", "a", "1", "b", "2", "c", "3"},
        {"MGET", "a", "b", "c"},
        {"DEL", "a", "b"},
        {"RENAME", "from", "to"},
        {"SMOVE", "src", "dst", "m"},
        {"ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2"},
        {"ZINTERSTORE", "dst", "3", "a", "b", "c"},
        {"ZUNIONSTORE", "dst", "x", "a", "b"},
        {"ZDIFF", "2", "a", "b", "WITHSCORES"},
        {"ZINTERCARD", "2", "a", "b", "LIMIT", "1"},
        {"SINTERCARD", "1", "a"},
        {"EVAL", "return 1", "2", "k1", "k2", "arg"},
        {"EVAL", "return 1", "0", "arg"},
        {"EVALSHA_RO", "abc", "1", "k1"},
        {"FCALL", "f", "2", "k1", "k2", "a1"},
        {"XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"},
        {"XREAD", "BLOCK", "0", "STREAMS", "s1", "$"},
        {"XREAD", "STREAMS", "s1", "s2", "s3"},
        {"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s1", ">"},
        {"SORT", "k"},
        {"SORT", "k", "BY", "w_*", "GET", "o_*", "STORE", "dst"},
        {"SORT", "k", "LIMIT", "0", "1", "STORE", "d1", "STORE", "d2"},
        {"SORT", "k", "BY", "store"},
        {"SORT_RO", "k", "GET", "#"},
        {"MIGRATE", "host", "6379", "k", "0", "5000"},
        {"MIGRATE", "host", "6379", "", "0", "5000", "COPY", "KEYS", "a", "b"},
        {"MIGRATE", "host", "6379", "", "0", "5000", "AUTH2", "keys", "pw", "KEYS", "a"},
        {"OBJECT", "ENCODING", "k"},
        {"MEMORY", "USAGE", "k", "SAMPLES", "5"},
        {"XGROUP", "CREATE", "s", "g", "$"},
        {"BLPOP", "a", "b", "0"},
        {"BRPOPLPUSH", "src", "dst", "0"},
        {"BLMPOP", "0", "2", "a", "b", "LEFT"},
        {"LMPOP", "1", "a", "RIGHT", "COUNT", "2"},
        {"BZMPOP", "0", "1", "z", "MIN"},
        {"GEORADIUS", "k", "0", "0", "1", "km"},
        {"GEORADIUS", "k", "0", "0", "1", "km", "STORE", "dst"},
        {"GEORADIUSBYMEMBER", "k", "m", "1", "km", "STOREDIST", "dst"},
        {"GEOSEARCHSTORE", "dst", "src", "FROMMEMBER", "m", "BYRADIUS", "1", "km"},
        {"BITOP", "AND", "dst", "a", "b"},
        {"LCS", "a", "b"},
        {"PFCOUNT", "a", "b"},
        {"PFMERGE", "dst", "a", "b"},
        {"BITFIELD", "k", "GET", "u8", "0"},
        {"LMOVE", "src", "dst", "LEFT", "RIGHT"},
        {"COPY", "src", "dst", "REPLACE"},
        {"WATCH", "a", "b"},
        {"XADD", "s", "*", "f", "v"},
        {"XAUTOCLAIM", "s", "g", "c", "0", "0"},
        {"SPUBLISH", "channel", "message"},
        {"PING"},
        {"CONFIG", "GET", "maxmemory"},
    };
    List<String> mismatches = new ArrayList<>();
    for (String[] line : lines) {
      byte[][] args = bytes(line);
      CommandSpec spec = table.resolve(args);
      List<String> ours = new ArrayList<>();
      for (int position : table.keyPositions(spec, args)) {
        ours.add(line[position]);
      }
      String[] getkeys = new String[line.length + 2];
      getkeys[0] = "COMMAND";
      getkeys[1] = "GETKEYS";
      System.arraycopy(line, 0, getkeys, 2, line.length);
      RespValue reply = client.call(getkeys);
      List<String> redis = reply instanceof RespValue.Array
          ? elements(reply).stream().map(CommandTableIT::text).collect(Collectors.toList())
          : List.of();
      if (!redis.equals(ours)) {
        mismatches.add(String.join(" ", line) + ": redis " + redis + " (" + reply + "), ours " + ours);
      }
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  private static <T> void check(List<String> mismatches, String name, String what, T redis, T ours) {
    if (!redis.equals(ours)) {
      mismatches.add(name + ": " + what + " redis " + redis + ", ours " + ours);
    }
  }

  /** A key spec in the resource's encoding, from COMMAND INFO's RESP2 flat maps. */
  private static String keySpec(RespValue value) {
    Map<String, RespValue> spec = map(value);
    String flags = elements(spec.get("flags")).stream().map(CommandTableIT::text).collect(Collectors.joining(","));
    Map<String, RespValue> begin = map(spec.get("begin_search"));
    Map<String, RespValue> beginSpec = map(begin.get("spec"));
    String beginText;
    switch (text(begin.get("type"))) {
      case "index":
        beginText = "index:" + number(beginSpec.get("index"));
        break;
      case "keyword":
        beginText = "keyword:" + text(beginSpec.get("keyword")) + ":" + number(beginSpec.get("startfrom"));
        break;
      default:
        beginText = text(begin.get("type"));
    }
    Map<String, RespValue> find = map(spec.get("find_keys"));
    Map<String, RespValue> findSpec = map(find.get("spec"));
    String findText;
    switch (text(find.get("type"))) {
      case "range":
        findText = "range:" + number(findSpec.get("lastkey")) + "," + number(findSpec.get("keystep")) + ","
            + number(findSpec.get("limit"));
        break;
      case "keynum":
        findText = "keynum:" + number(findSpec.get("keynumidx")) + "," + number(findSpec.get("firstkey")) + ","
            + number(findSpec.get("keystep"));
        break;
      default:
        findText = text(find.get("type"));
    }
    return (flags.isEmpty() ? "-" : flags) + "|" + beginText + "|" + findText;
  }

  private static String keySpec(KeySpec spec) {
    String flags = spec.flags().isEmpty() ? "-" : String.join(",", spec.flags());
    String begin;
    if (spec.begin() instanceof KeySpec.BeginSearch.Index index) {
      begin = "index:" + index.index();
    } else if (spec.begin() instanceof KeySpec.BeginSearch.Keyword keyword) {
      begin = "keyword:" + keyword.keyword() + ":" + keyword.startFrom();
    } else {
      begin = "unknown";
    }
    String find;
    if (spec.find() instanceof KeySpec.FindKeys.Range range) {
      find = "range:" + range.lastKey() + "," + range.step() + "," + range.limit();
    } else if (spec.find() instanceof KeySpec.FindKeys.KeyNum keyNum) {
      find = "keynum:" + keyNum.keyNumIndex() + "," + keyNum.firstKey() + "," + keyNum.step();
    } else {
      find = "unknown";
    }
    return flags + "|" + begin + "|" + find;
  }

  private static Map<String, RespValue> map(RespValue value) {
    List<RespValue> e = elements(value);
    Map<String, RespValue> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < e.size(); i += 2) {
      out.put(text(e.get(i)), e.get(i + 1));
    }
    return out;
  }

  private static List<RespValue> elements(RespValue value) {
    return ((RespValue.Array) value).elements();
  }

  private static String text(RespValue value) {
    if (value instanceof RespValue.BulkString bulk) {
      return bulk.asString();
    }
    return ((RespValue.SimpleString) value).value();
  }

  private static int number(RespValue value) {
    return (int) ((RespValue.Integer) value).value();
  }

  private static byte[][] bytes(String[] line) {
    byte[][] out = new byte[line.length][];
    for (int i = 0; i < line.length; i++) {
      out[i] = line[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
