package io.belay.protocol.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandTableTest {

  private final CommandTable table = CommandTable.redis7();

  private static byte[][] args(String... words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  private int[] keys(String... words) {
    byte[][] args = args(words);
    CommandSpec spec = table.resolve(args);
    assertNotNull(spec, words[0]);
    return table.keyPositions(spec, args);
  }

  @Test
  void shouldHoldEveryRedis7CommandAndSubcommand() {
    assertEquals(240, table.size());
    assertEquals(240, table.all().size());
    int withSubcommands = table.all().stream().mapToInt(c -> 1 + c.subcommands().size()).sum();
    assertEquals(366, withSubcommands);
  }

  @Test
  void shouldLoadTheTableOnceAndShareIt() {
    assertSame(CommandTable.redis7(), CommandTable.redis7());
  }

  @Test
  void shouldNotLetCallersModifyTheTable() {
    CommandSpec get = table.lookup("get");
    assertThrows(UnsupportedOperationException.class, () -> table.all().clear());
    assertThrows(UnsupportedOperationException.class, () -> get.flags().add(CommandFlag.WRITE));
    assertThrows(UnsupportedOperationException.class, () -> get.keySpecs().clear());
    assertThrows(UnsupportedOperationException.class, () -> table.lookup("config").subcommands().clear());
  }

  @Test
  void shouldLookUpNamesInAnyLetterCase() {
    CommandSpec get = table.lookup("get");
    assertNotNull(get);
    assertSame(get, table.lookup("GET"));
    assertSame(get, table.lookup("gEt"));
    assertSame(get, table.lookup("GET".getBytes(StandardCharsets.US_ASCII)));
    assertSame(get, table.lookup("GeT".getBytes(StandardCharsets.US_ASCII)));
    assertSame(table.lookup("zrangebyscore"), table.lookup("ZRANGEBYSCORE".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void shouldReturnNullForUnknownNames() {
    assertNull(table.lookup("nosuchcommand"));
    assertNull(table.lookup(new byte[0]));
    assertNull(table.lookup("ge"));
    assertNull(table.lookup("gett"));
    assertNull(table.lookup("g\u00c9t"));
    assertNull(table.lookup(new byte[] {'g', (byte) 0xc5, 't'}), "only ASCII letters fold");
    assertNull(table.resolve(args("nosuchcommand", "x")));
    assertNull(table.resolve(new byte[0][]));
  }

  @Test
  void shouldNotTreatContainerPipeSubcommandAsACommandAClientCanSend() {
    assertNull(table.lookup("config|get".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("config|get", table.lookup("CONFIG|GET").name());
  }

  @Test
  void shouldResolveContainerToItsSubcommand() {
    assertEquals("config|get", table.resolve(args("CONFIG", "GET", "maxmemory")).name());
    assertEquals("config|set", table.resolve(args("config", "Set", "maxmemory", "1")).name());
    assertEquals("client|list", table.resolve(args("client", "LIST")).name());
    assertEquals("object|encoding", table.resolve(args("OBJECT", "encoding", "k")).name());
  }

  @Test
  void shouldResolveToTheContainerWhenTheSubcommandIsUnknownOrMissing() {
    assertEquals("config", table.resolve(args("CONFIG", "NOPE")).name());
    assertEquals("config", table.resolve(args("CONFIG")).name());
    assertEquals("get", table.resolve(args("GET", "config")).name());
  }

  @Test
  void shouldCheckArityLikeRedis() {
    CommandSpec get = table.lookup("get");
    assertEquals(2, get.arity());
    assertTrue(get.acceptsArgumentCount(2));
    assertFalse(get.acceptsArgumentCount(1));
    assertFalse(get.acceptsArgumentCount(3));
    CommandSpec set = table.lookup("set");
    assertEquals(-3, set.arity());
    assertFalse(set.acceptsArgumentCount(2));
    assertTrue(set.acceptsArgumentCount(3));
    assertTrue(set.acceptsArgumentCount(6));
    assertEquals(-3, table.lookup("config|get").arity());
    assertEquals(-1, table.lookup("ping").arity(), "PING takes an optional message");
  }

  @Test
  void shouldCarryTheFlagsOfWellKnownCommands() {
    assertEquals(Set.of(CommandFlag.READONLY, CommandFlag.FAST), table.lookup("get").flags());
    assertTrue(table.lookup("set").isWrite());
    assertTrue(table.lookup("set").has(CommandFlag.DENYOOM));
    assertFalse(table.lookup("set").isReadOnly());
    assertTrue(table.lookup("blpop").has(CommandFlag.BLOCKING));
    assertTrue(table.lookup("subscribe").has(CommandFlag.PUBSUB));
    assertFalse(table.lookup("ping").isWrite());
    assertFalse(table.lookup("ping").isReadOnly());
    assertTrue(table.lookup("auth").has(CommandFlag.NO_AUTH));
    assertEquals(Set.of(CommandFlag.FAST), table.lookup("ping").flags());
    assertEquals(Set.of(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST, CommandFlag.ALLOW_BUSY),
        table.lookup("multi").flags());
    assertTrue(table.lookup("xread").has(CommandFlag.MOVABLEKEYS));
    assertTrue(table.lookup("config|get").has(CommandFlag.ADMIN));
  }

  @Test
  void shouldCarryAclCategoriesGroupAndLegacyKeyRange() {
    CommandSpec mset = table.lookup("mset");
    assertEquals(List.of("write", "string", "slow"), mset.aclCategories());
    assertEquals("string", mset.group());
    assertEquals(1, mset.firstKey());
    assertEquals(-1, mset.lastKey());
    assertEquals(2, mset.step());
    assertEquals("sorted-set", table.lookup("zadd").group());
    assertEquals("server", table.lookup("config|get").group());
  }

  @Test
  void shouldDecodeKeySpecs() {
    KeySpec spec = table.lookup("xread").keySpecs().get(0);
    assertEquals(Set.of("RO", "access"), spec.flags());
    assertEquals(new KeySpec.BeginSearch.Keyword("STREAMS", 1), spec.begin());
    assertEquals(new KeySpec.FindKeys.Range(-1, 1, 2), spec.find());
    KeySpec eval = table.lookup("eval").keySpecs().get(0);
    assertEquals(new KeySpec.BeginSearch.Index(2), eval.begin());
    assertEquals(new KeySpec.FindKeys.KeyNum(0, 1, 1), eval.find());
    assertEquals(new KeySpec.BeginSearch.Unknown(), table.lookup("sort").keySpecs().get(1).begin());
  }

  @Test
  void shouldFindTheKeyOfSingleKeyCommands() {
    assertArrayEquals(new int[] {1}, keys("GET", "k"));
    assertArrayEquals(new int[] {1}, keys("SET", "k", "v", "EX", "10", "GET"));
  }

  @Test
  void shouldFindEveryOtherArgumentOfMset() {
    assertArrayEquals(new int[] {1, 3, 5}, keys("MSET", "a", "1", "b", "2", "c", "3"));
  }

  @Test
  void shouldFindDestinationAndCountedKeysOfZunionstore() {
    assertArrayEquals(new int[] {1, 3, 4}, keys("ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2"));
  }

  @Test
  void shouldFindNoKeysWhenTheKeyCountIsNotANumber() {
    assertArrayEquals(new int[0], keys("ZUNIONSTORE", "dst", "two", "a", "b"));
    assertArrayEquals(new int[0], keys("ZUNIONSTORE", "dst", "3", "a", "b"));
    assertArrayEquals(new int[0], keys("EVAL", "return 1", "-1", "k"));
  }

  @Test
  void shouldFindEvalKeysFromNumkeys() {
    assertArrayEquals(new int[] {3, 4}, keys("EVAL", "return 1", "2", "k1", "k2", "arg"));
    assertArrayEquals(new int[0], keys("EVAL", "return 1", "0", "arg"));
    assertArrayEquals(new int[] {3}, keys("EVALSHA", "abc", "1", "k1"));
    assertArrayEquals(new int[] {3, 4}, keys("FCALL", "f", "2", "k1", "k2"));
  }

  @Test
  void shouldFindXreadStreamsAsTheFirstHalfAfterTheKeyword() {
    assertArrayEquals(new int[] {4, 5}, keys("XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"));
    assertArrayEquals(new int[] {2}, keys("XREAD", "streams", "s1", "$"));
    assertArrayEquals(new int[] {5}, keys("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s1", ">"));
  }

  @Test
  void shouldFindSortKeyAndStoreTargetLikeRedis() {
    assertArrayEquals(new int[] {1}, keys("SORT", "k"));
    assertArrayEquals(new int[] {1, 7}, keys("SORT", "k", "BY", "w_*", "GET", "o_*", "STORE", "dst"));
    assertArrayEquals(new int[] {1}, keys("SORT", "k", "BY", "store"), "BY's argument is not the STORE keyword");
    assertArrayEquals(new int[] {1, 5}, keys("SORT", "k", "STORE", "a", "STORE", "b"), "the last STORE wins");
    assertArrayEquals(new int[] {1}, keys("SORT_RO", "k", "GET", "#"));
  }

  @Test
  void shouldFindMigrateKeyOrKeysList() {
    assertArrayEquals(new int[] {3}, keys("MIGRATE", "host", "6379", "k", "0", "5000"));
    assertArrayEquals(new int[] {8, 9}, keys("MIGRATE", "host", "6379", "", "0", "5000", "COPY", "KEYS", "a", "b"));
    assertArrayEquals(new int[] {10}, keys("MIGRATE", "host", "6379", "", "0", "5000", "AUTH2", "keys", "pw", "KEYS", "a"));
    assertArrayEquals(new int[0], keys("MIGRATE", "host", "6379", "k", "0", "5000", "KEYS", "a"));
  }

  @Test
  void shouldFindTheKeyOfASubcommand() {
    assertArrayEquals(new int[] {2}, keys("OBJECT", "ENCODING", "k"));
    assertArrayEquals(new int[] {2}, keys("MEMORY", "USAGE", "k", "SAMPLES", "5"));
    assertArrayEquals(new int[] {2}, keys("XGROUP", "CREATE", "s", "g", "$"));
  }

  @Test
  void shouldFindKeysBeforeTheTimeoutOfBlockingPops() {
    assertArrayEquals(new int[] {1, 2}, keys("BLPOP", "a", "b", "0"));
    assertArrayEquals(new int[] {3, 4}, keys("BLMPOP", "0", "2", "a", "b", "LEFT"));
  }

  @Test
  void shouldFindOptionalStoreKeywordOfGeoradius() {
    assertArrayEquals(new int[] {1}, keys("GEORADIUS", "k", "0", "0", "1", "km"));
    assertArrayEquals(new int[] {1, 7}, keys("GEORADIUS", "k", "0", "0", "1", "km", "STORE", "dst"));
  }

  @Test
  void shouldTreatShardChannelsAsNotKeys() {
    assertArrayEquals(new int[0], keys("SPUBLISH", "channel", "message"));
  }

  @Test
  void shouldFindNoKeysForKeylessCommandsOrTooFewArguments() {
    assertArrayEquals(new int[0], keys("PING"));
    assertArrayEquals(new int[0], keys("CONFIG", "GET", "maxmemory"));
    assertArrayEquals(new int[0], keys("GET"));
    assertArrayEquals(new int[0], keys("EVAL", "return 1"));
  }

  @Test
  void shouldFallBackToLegacyFirstLastStepWithoutKeySpecs() {
    CommandSpec legacy = new CommandSpec("mylegacy", -2, Set.of(CommandFlag.WRITE), 2, -2, 2,
        List.of(), List.of(), "generic", Map.of());
    CommandTable custom = CommandTable.of(List.of(legacy));
    byte[][] line = args("mylegacy", "x", "k1", "v1", "k2", "v2", "tail");
    assertArrayEquals(new int[] {2, 4}, custom.keyPositions(custom.resolve(line), line));
    assertArrayEquals(new int[0], custom.keyPositions(legacy, args("mylegacy")));
  }

  @Test
  void shouldReadATableInTheResourceFormat() throws Exception {
    String tsv = "# test table\n"
        + "box\t-2\t-\t0\t0\t0\tslow\tserver\t-\n"
        + "box|put\t3\twrite,denyoom\t2\t2\t1\twrite\tserver\tRW,insert|index:2|range:0,1,0\n"
        + "peek\t2\treadonly,fast\t1\t1\t1\tread,fast\tstring\tRO|index:1|range:0,1,0\n";
    CommandTable custom = CommandTable.read(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, custom.size());
    CommandSpec put = custom.resolve(args("BOX", "PUT", "k"));
    assertEquals("box|put", put.name());
    assertArrayEquals(new int[] {2}, custom.keyPositions(put, args("BOX", "PUT", "k")));
    assertSame(put, custom.lookup("box").subcommands().get("put"));
  }

  @Test
  void shouldRejectAMalformedTable() {
    String tsv = "get\t2\treadonly,sparkly\t1\t1\t1\tread\tstring\t-\n";
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CommandTable.read(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("sparkly"), e.getMessage());
  }
}
