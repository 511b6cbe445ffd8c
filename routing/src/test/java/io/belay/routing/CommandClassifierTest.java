package io.belay.routing;

import static io.belay.routing.TestCommands.args;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.KeySpec;
import io.belay.routing.RoutingDecision.Reason;
import io.belay.routing.RoutingDecision.TransactionStep;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandClassifierTest {

  private static final SessionState IN_MULTI = new SessionState(true, false);
  private static final SessionState WATCHING = new SessionState(false, true);

  private final CommandClassifier classifier = new CommandClassifier();

  private RoutingDecision classify(SessionState session, String... words) {
    byte[][] args = args(words);
    return classifier.classify(TestCommands.resolve(args), args, session);
  }

  private RoutingDecision classify(String... words) {
    return classify(SessionState.IDLE, words);
  }

  private static RoutingDecision toMaster(Reason reason) {
    return new RoutingDecision.ToMaster(reason);
  }

  private static final RoutingDecision TO_REPLICA = new RoutingDecision.ToReplica();

  // --- reads and writes ---

  @Test
  void shouldLetReadonlyGetGoToReplica() {
    RoutingDecision decision = classify("GET", "k");
    assertEquals(TO_REPLICA, decision);
    assertTrue(decision.replicaEligible());
    assertFalse(decision.needsMaster());
  }

  @ParameterizedTest
  @ValueSource(strings = {"MGET a b c", "hgetall h", "DBSIZE", "SCAN 0", "OBJECT ENCODING k",
      "sintercard 2 a b", "ZUNION 2 a b WITHSCORES"})
  void shouldLetReadonlyCommandsGoToReplica(String line) {
    assertEquals(TO_REPLICA, classify(line.split(" ")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SET k v", "INCR k", "XADD s * f v", "FLUSHALL", "LMPOP 1 l LEFT"})
  void shouldSendWritesToMaster(String line) {
    RoutingDecision decision = classify(line.split(" "));
    assertEquals(toMaster(Reason.WRITE), decision);
    assertTrue(decision.needsMaster());
  }

  @Test
  void shouldSendUnknownCommandToMaster() {
    assertEquals(toMaster(Reason.UNKNOWN_COMMAND), classifier.classify(null,
        args("FROBNICATE", "k"), SessionState.IDLE));
  }

  @Test
  void shouldSendUnknownSubcommandToMaster() {
    assertEquals(toMaster(Reason.UNKNOWN_COMMAND), classify("OBJECT", "WOBBLE", "k"));
    assertEquals(toMaster(Reason.UNKNOWN_COMMAND), classify("CLIENT", "WOBBLE"));
  }

  @Test
  void shouldSendUnknownSubcommandToMasterWhenGivenTheContainerSpec() {
    byte[][] args = args("object", "encoding", "k");
    assertEquals(TO_REPLICA, classifier.classify(TestCommands.top("object"), args,
        SessionState.IDLE));
    assertEquals(toMaster(Reason.UNKNOWN_COMMAND), classifier.classify(
        TestCommands.top("object"), args("object", "nope", "k"), SessionState.IDLE));
  }

  @Test
  void shouldSendContainerWithoutSubcommandToMaster() {
    assertEquals(toMaster(Reason.NOT_READONLY), classify("OBJECT"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUBLISH ch msg", "SPUBLISH ch msg", "CONFIG GET maxmemory", "WAIT 1 0",
      "CLIENT KILL ID 7"})
  void shouldSendCommandsNotFlaggedReadonlyToMaster(String line) {
    assertEquals(toMaster(Reason.NOT_READONLY), classify(line.split(" ")));
  }

  @Test
  void shouldSendReadWithWrongArgumentCountToMaster() {
    assertEquals(toMaster(Reason.WRONG_ARITY), classify("GET"));
    assertEquals(toMaster(Reason.WRONG_ARITY), classify("GET", "a", "b"));
  }

  // --- scripts ---

  @ParameterizedTest
  @ValueSource(strings = {"EVAL", "EVALSHA", "FCALL"})
  void shouldSendScriptsThatMayWriteToMaster(String command) {
    assertEquals(toMaster(Reason.SCRIPT), classify(command, "body", "1", "k"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EVAL_RO", "FCALL_RO"})
  void shouldLetReadonlyScriptsGoToReplica(String command) {
    assertEquals(TO_REPLICA, classify(command, "body", "1", "k", "arg"));
    assertEquals(TO_REPLICA, classify(command, "body", "0"));
  }

  @Test
  void shouldSendEvalshaRoToMasterBecauseReplicasMayLackTheScript() {
    assertEquals(toMaster(Reason.SCRIPT_CACHE), classify("EVALSHA_RO", "abc", "1", "k"));
  }

  // --- movable keys ---

  @ParameterizedTest
  @ValueSource(strings = {"EVAL_RO body 3 k", "EVAL_RO body x k", "EVAL_RO body -1 k",
      "ZUNION 5 a b", "ZUNION two a b", "SINTERCARD 9999999999999999999 a"})
  void shouldSendReadsWhoseKeyCountDoesNotMatchTheArgumentsToMaster(String line) {
    assertEquals(toMaster(Reason.UNRESOLVED_KEYS), classify(line.split(" ")));
  }

  @Test
  void shouldSendXreadWithoutStreamsKeywordToMaster() {
    assertEquals(toMaster(Reason.UNRESOLVED_KEYS), classify("XREAD", "COUNT", "1", "s"));
    assertEquals(toMaster(Reason.UNRESOLVED_KEYS), classify("XREAD", "COUNT", "1", "STREAMS"));
  }

  @Test
  void shouldSendReadWithKeysTheSpecsCannotDescribeToMaster() {
    var spec = TestCommands.spec("mystery.get", -2,
        EnumSet.of(CommandFlag.READONLY, CommandFlag.MOVABLEKEYS),
        List.of(new KeySpec(Set.of("RO"), new KeySpec.BeginSearch.Unknown(),
            new KeySpec.FindKeys.Unknown())));
    assertEquals(toMaster(Reason.UNRESOLVED_KEYS),
        classifier.classify(spec, args("mystery.get", "k"), SessionState.IDLE));
  }

  @Test
  void shouldSendReadFlaggedMovableWithoutKeySpecsToMaster() {
    var spec = TestCommands.spec("mystery.get", -2,
        EnumSet.of(CommandFlag.READONLY, CommandFlag.MOVABLEKEYS), List.of());
    assertEquals(toMaster(Reason.UNRESOLVED_KEYS),
        classifier.classify(spec, args("mystery.get", "k"), SessionState.IDLE),
        "movable keys that no key spec describes");
    var incomplete = TestCommands.spec("mystery.get", -2,
        EnumSet.of(CommandFlag.READONLY, CommandFlag.MOVABLEKEYS),
        List.of(new KeySpec(Set.of("RO", "incomplete"), new KeySpec.BeginSearch.Index(1),
            new KeySpec.FindKeys.Range(0, 1, 0))));
    assertEquals(toMaster(Reason.UNRESOLVED_KEYS),
        classifier.classify(incomplete, args("mystery.get", "k"), SessionState.IDLE));
  }

  @Test
  void shouldLetSortRoGoToReplicaAsRedisResolvesItsKey() {
    assertEquals(TO_REPLICA, classify("SORT_RO", "l", "BY", "w_*", "GET", "o_*"));
    assertEquals(toMaster(Reason.WRITE), classify("SORT", "l", "STORE", "dst"));
  }

  // --- blocking ---

  @ParameterizedTest
  @ValueSource(strings = {"BLPOP l 0", "XREAD BLOCK 0 STREAMS s $",
      "XREADGROUP GROUP g c BLOCK 100 STREAMS s >"})
  void shouldSendBlockingCommandsToDedicatedConnection(String line) {
    RoutingDecision decision = classify(line.split(" "));
    assertEquals(new RoutingDecision.Blocking(), decision);
    assertTrue(decision.needsMaster());
  }

  @Test
  void shouldLetXreadWithoutBlockGoToReplica() {
    assertEquals(TO_REPLICA, classify("XREAD", "COUNT", "10", "STREAMS", "a", "b", "0", "0"));
  }

  @Test
  void shouldNotMistakeAStreamNamedBlockForTheBlockOption() {
    assertEquals(TO_REPLICA, classify("XREAD", "STREAMS", "block", "0"));
  }

  @Test
  void shouldSendXreadgroupWithoutBlockToMasterAsWrite() {
    assertEquals(toMaster(Reason.WRITE),
        classify("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"));
  }

  // --- pub/sub ---

  @ParameterizedTest
  @ValueSource(strings = {"SUBSCRIBE a b", "UNSUBSCRIBE", "PSUBSCRIBE n*", "SSUBSCRIBE a",
      "PUNSUBSCRIBE", "SUNSUBSCRIBE"})
  void shouldRouteSubscriptionsAsPubSub(String line) {
    assertEquals(new RoutingDecision.PubSub(), classify(line.split(" ")));
  }

  // --- local ---

  @Test
  void shouldAnswerPingLocally() {
    RoutingDecision decision = classify("PING");
    assertEquals(new RoutingDecision.Local("ping"), decision);
    assertFalse(decision.needsMaster());
    assertFalse(decision.replicaEligible());
  }

  @ParameterizedTest
  @CsvSource({
      "ECHO hi, echo",
      "HELLO 3, hello",
      "AUTH pw, auth",
      "SELECT 1, select",
      "QUIT, quit",
      "RESET, reset",
      "INFO replication, info",
      "COMMAND, command",
      "COMMAND COUNT, command|count",
      "CLIENT SETNAME app, client|setname",
      "client getname, client|getname",
      "Client Id, client|id",
      "CLIENT INFO, client|info",
      "CLIENT SETINFO LIB-NAME jedis, client|setinfo"})
  void shouldAnswerConnectionCommandsLocally(String line, String command) {
    assertEquals(new RoutingDecision.Local(command), classify(line.split(" ")));
  }

  @Test
  void shouldAnswerLocalCommandsEvenWhenTheTableDoesNotKnowThem() {
    assertEquals(new RoutingDecision.Local("client|setinfo"),
        classifier.classify(null, args("CLIENT", "SETINFO", "LIB-VER", "1"), SessionState.IDLE));
  }

  // --- transactions ---

  @ParameterizedTest
  @CsvSource({"MULTI, MULTI", "EXEC, EXEC", "DISCARD, DISCARD", "WATCH k, WATCH",
      "UNWATCH, UNWATCH"})
  void shouldPinTransactionsToMaster(String line, TransactionStep step) {
    RoutingDecision decision = classify(line.split(" "));
    assertEquals(new RoutingDecision.Transaction(step), decision);
    assertTrue(decision.needsMaster());
  }

  @Test
  void shouldQueueReadonlyCommandInsideMultiOnMaster() {
    assertEquals(toMaster(Reason.IN_TRANSACTION), classify(IN_MULTI, "GET", "k"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PING", "SET k v", "BLPOP l 0", "SUBSCRIBE ch", "SELECT 2",
      "UNWATCH", "FROBNICATE"})
  void shouldQueueEverythingElseInsideMultiOnMaster(String line) {
    assertEquals(toMaster(Reason.IN_TRANSACTION), classify(IN_MULTI, line.split(" ")));
  }

  @ParameterizedTest
  @CsvSource({"EXEC, EXEC", "DISCARD, DISCARD", "MULTI, MULTI", "WATCH k, WATCH"})
  void shouldKeepTransactionStepsInsideMulti(String line, TransactionStep step) {
    assertEquals(new RoutingDecision.Transaction(step), classify(IN_MULTI, line.split(" ")));
  }

  @Test
  void shouldRunQuitAndResetAtOnceInsideMultiAsRedisDoes() {
    assertEquals(new RoutingDecision.Local("quit"), classify(IN_MULTI, "QUIT"));
    assertEquals(new RoutingDecision.Local("reset"), classify(IN_MULTI, "RESET"));
  }

  @Test
  void shouldSendReadsToMasterWhileWatching() {
    assertEquals(toMaster(Reason.WATCHING), classify(WATCHING, "GET", "k"));
    assertEquals(toMaster(Reason.WATCHING), classify(WATCHING, "EVAL_RO", "b", "0"));
  }

  @Test
  void shouldKeepOtherDecisionsWhileWatching() {
    assertEquals(toMaster(Reason.WRITE), classify(WATCHING, "SET", "k", "v"));
    assertEquals(new RoutingDecision.Local("ping"), classify(WATCHING, "PING"));
    assertEquals(new RoutingDecision.Transaction(TransactionStep.MULTI),
        classify(WATCHING, "MULTI"));
  }

  // --- robustness ---

  @Test
  void shouldRejectAnEmptyArgumentVector() {
    assertThrows(IllegalArgumentException.class,
        () -> classifier.classify(null, new byte[0][], SessionState.IDLE));
  }

  @Test
  void shouldNeverThrowForArgumentsAClientMaySend() {
    String[] names = {"get", "mget", "eval_ro", "fcall_ro", "zunion", "sintercard", "xread",
        "xreadgroup", "sort_ro", "object", "client", "command", "blpop", "set", "ssubscribe"};
    String[] words = {"", "0", "1", "-1", "2", "99999999999999999999", "STREAMS", "BLOCK",
        "k", "encoding", "setname", "\u00ff", "+1", "01"};
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      String[] line = new String[1 + random.nextInt(7)];
      line[0] = names[random.nextInt(names.length)];
      for (int i = 1; i < line.length; i++) {
        line[i] = words[random.nextInt(words.length)];
      }
      SessionState session = new SessionState(random.nextBoolean(), random.nextBoolean());
      assertDoesNotThrow(() -> classify(session, line), String.join(" ", line));
    }
  }
}
