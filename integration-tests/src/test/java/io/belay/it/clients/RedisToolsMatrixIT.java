package io.belay.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * The command-line tools of the compatibility matrix, through the proxy and against a Belay
 * backend directly, with a stock redis-server as the oracle: {@code redis-cli} as a user types
 * commands into it, its {@code --pipe} mass insertion, {@code --scan}, {@code -r} and {@code -x},
 * its {@code --rdb} snapshot, and a short {@code redis-benchmark}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisToolsMatrixIT {

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);
  /** A snapshot of a few thousand keys takes well under a second; a hang should not take the build's time. */
  private static final Duration RDB_TIMEOUT = Duration.ofSeconds(20);

  /** A session as a user types it; {@code %p} is replaced with a key prefix of the run's own. */
  private static final String TYPED = """
      PING
      SET %pgreeting hello
      GET %pgreeting
      APPEND %pgreeting " world"
      GET %pgreeting
      STRLEN %pgreeting
      SET %pgreeting other NX
      INCR %pcounter
      INCRBY %pcounter 41
      INCRBYFLOAT %pcounter 0.5
      SET %ptemp value EX 100
      EXISTS %pgreeting %pnothing
      RPUSH %plist a b c
      LRANGE %plist 0 -1
      LPOP %plist
      HSET %phash field1 v1 field2 v2
      HGET %phash field2
      HLEN %phash
      HMGET %phash field1 nofield
      SADD %pset x y z
      SCARD %pset
      SISMEMBER %pset y
      ZADD %pzset 1 one 2 two 3 three
      ZRANGE %pzset 0 -1 WITHSCORES
      ZSCORE %pzset two
      ZRANK %pzset three
      TYPE %pzset
      GET %plist
      INCR %pgreeting
      NOSUCHCOMMAND foo bar
      GET
      MULTI
      SET %ptx 1
      INCR %ptx
      EXEC
      DEL %pgreeting %pcounter
      GET %pgreeting
      ECHO "two words"
      """;

  /** Kept when a test failed, for the processes' logs and the tools' input files. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private Matrix matrix;

  @BeforeAll
  void start() throws Exception {
    matrix = Matrix.start(dir);
  }

  @AfterAll
  void stop() {
    if (matrix != null) {
      matrix.close();
    }
  }

  private String cli(Target target, Path stdin, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "redis-cli";
    command[1] = "-p";
    command[2] = Integer.toString(matrix.port(target));
    System.arraycopy(args, 0, command, 3, args.length);
    return Tool.run(dir.resolve("runs"), stdin, TOOL_TIMEOUT, command).assertExitedCleanly().output();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Target.class, names = {"PROXY", "BACKEND"})
  void redisCliShouldPrintWhatItPrintsForRedisWhenAUserTypesCommands(Target target) throws Exception {
    String prefix = "typed:" + target + ":";
    Path script = dir.resolve("typed-" + target + ".txt");
    Files.writeString(script, TYPED.replace("%p", prefix));
    String expected = cli(Target.REDIS, script, "--no-raw");
    String actual = cli(target, script, "--no-raw");
    assertTrue(expected.contains("(error) WRONGTYPE"), "the oracle ran the session:\n" + expected);
    assertEquals(expected, actual, "redis-cli printed something else than for redis-server");

    // commands given as arguments, the way scripts call redis-cli, and -x taking the last one from stdin
    Path value = dir.resolve("value-" + target + ".bin");
    Files.writeString(value, "from stdin\n");
    List<List<String>> invocations = List.of(
        List.of("SET", prefix + "arg", "one two"),
        List.of("--raw", "GET", prefix + "arg"),
        List.of("--no-raw", "-r", "3", "INCR", prefix + "repeat"),
        List.of("-x", "SET", prefix + "stdin"),
        List.of("--raw", "GET", prefix + "stdin"),
        List.of("--no-raw", "HGETALL", prefix + "hash"),
        List.of("--csv", "LRANGE", prefix + "list", "0", "-1"));
    for (List<String> args : invocations) {
      Path stdin = args.contains("-x") ? value : null;
      String[] a = args.toArray(String[]::new);
      assertEquals(cli(Target.REDIS, stdin, a), cli(target, stdin, a), "redis-cli " + args);
    }
    assertEquals("one two\n", cli(target, null, "--raw", "GET", prefix + "arg"));

    Set<String> scanned = new TreeSet<>(Arrays.asList(cli(target, null, "--scan", "--pattern", prefix + "*")
        .split("\n")));
    Set<String> oracle = new TreeSet<>(Arrays.asList(cli(Target.REDIS, null, "--scan", "--pattern", prefix + "*")
        .split("\n")));
    assertEquals(new TreeSet<>(Set.of(prefix + "temp", prefix + "list", prefix + "hash", prefix + "set",
        prefix + "zset", prefix + "tx", prefix + "arg", prefix + "repeat", prefix + "stdin")), oracle);
    assertEquals(oracle, scanned, "--scan lists the keys the session left");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Target.class)
  void redisCliPipeShouldInsertAGeneratedProtocolFile(Target target) throws Exception {
    String prefix = "pipe:" + target + ":";
    int rounds = 3000;
    StringBuilder protocol = new StringBuilder();
    for (int i = 0; i < rounds; i++) {
      resp(protocol, "SET", prefix + i, "v" + i);
      resp(protocol, "RPUSH", prefix + "list", Integer.toString(i));
      resp(protocol, "INCR", prefix + "n");
    }
    resp(protocol, "INCR", prefix + "list"); // one error, which --pipe must count
    Path file = dir.resolve("pipe-" + target + ".resp");
    Files.writeString(file, protocol);
    Tool.Run run = Tool.run(dir.resolve("runs"), file, TOOL_TIMEOUT, "redis-cli", "-p",
        Integer.toString(matrix.port(target)), "--pipe");
    System.out.printf("redis-cli --pipe of %d commands to %s in %d ms%n", rounds * 3 + 1, target, run.millis());
    assertTrue(run.output().contains("errors: 1, replies: " + (rounds * 3 + 1)), run.output());
    assertTrue(run.output().contains("WRONGTYPE Operation against a key holding the wrong kind of value"), run.output());
    assertEquals(1, run.exitCode(), "--pipe exits with 1 when a reply was an error");
    try (Jedis j = new Jedis("127.0.0.1", matrix.port(target), 10_000)) {
      assertEquals(Integer.toString(rounds), j.get(prefix + "n"));
      assertEquals(rounds, j.llen(prefix + "list"));
      assertEquals("v" + (rounds - 1), j.get(prefix + (rounds - 1)));
      assertEquals(List.of("0", "1", "2"), j.lrange(prefix + "list", 0, 2), "commands ran in file order");
    }
  }

  private static void resp(StringBuilder out, String... words) {
    out.append('*').append(words.length).append("\r\n");
    for (String w : words) {
      out.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
    }
  }

  /**
   * {@code redis-cli --rdb} asks for a snapshot with {@code SYNC} (after {@code REPLCONF rdb-only})
   * and writes the RDB it receives; {@code redis-check-rdb} must accept the file and it must hold
   * the keys written before.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Target.class)
  void redisCliRdbShouldDumpASnapshotThatRedisCheckRdbAccepts(Target target) throws Exception {
    String marker = "rdb:" + target + ":marker";
    try (Jedis j = new Jedis("127.0.0.1", matrix.port(target), 10_000)) {
      j.set(marker, "in-the-snapshot");
    }
    Path rdb = dir.resolve("dump-" + target + ".rdb");
    String output = Tool.run(dir.resolve("runs"), null, RDB_TIMEOUT, "redis-cli", "-p",
        Integer.toString(matrix.port(target)), "--rdb", rdb.toString()).assertExitedCleanly().output();
    assertTrue(output.contains("Transfer finished with success"), output);
    byte[] bytes = Files.readAllBytes(rdb);
    assertEquals("REDIS", new String(bytes, 0, 5, StandardCharsets.US_ASCII), "an RDB file begins with REDIS");
    assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains(marker), "the snapshot holds " + marker);
    Tool.Run check = Tool.run(dir.resolve("runs"), null, TOOL_TIMEOUT, "redis-check-rdb", rdb.toString());
    assertEquals(0, check.exitCode(), check.output());
    assertTrue(check.output().contains("RDB looks OK"), check.output());
  }

  private static final Pattern BENCHMARK_LINE = Pattern.compile("^([A-Z_0-9]+)[^:]*: ([0-9.]+) requests per second",
      Pattern.MULTILINE);

  @ParameterizedTest(name = "{0}")
  @EnumSource(Target.class)
  void redisBenchmarkShouldCompleteEveryTestWithoutErrors(Target target) throws Exception {
    List<String> tests = List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP",
        "SADD", "HSET", "SPOP", "ZADD", "LRANGE_100", "MSET");
    Tool.Run run = Tool.run(dir.resolve("runs"), null, TOOL_TIMEOUT, "redis-benchmark", "-p",
        Integer.toString(matrix.port(target)), "-q", "-n", "1000", "-c", "10",
        "-t", "ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,lrange_100,mset").assertExitedCleanly();
    // -q redraws a progress line with carriage returns; the final figures end each test's line
    String output = run.output().replace('\r', '\n');
    Map<String, Double> perSecond = new LinkedHashMap<>();
    Matcher m = BENCHMARK_LINE.matcher(output);
    while (m.find()) {
      perSecond.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    System.out.printf("redis-benchmark -q -n 1000 -c 10 against %s: %s requests per second%n", target, perSecond);
    assertFalse(output.contains("ERR") || output.contains("Error") || output.contains("WRONGTYPE"), output);
    for (String test : tests) {
      assertTrue(perSecond.getOrDefault(test, 0.0) > 0, test + " completed: " + output);
    }
    try (Jedis j = new Jedis("127.0.0.1", matrix.port(target), 10_000)) {
      String stored = j.get("key:__rand_int__");
      assertEquals(3, stored == null ? -1 : stored.length(), "SET stored the benchmark's 3-byte values: " + stored);
    }
  }
}
