package io.belay.routing.impl;

import static io.belay.routing.TestCommands.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.belay.routing.TestCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPositionsTest {

  private static int[] resolve(String line) {
    byte[][] args = args(line.split(" "));
    return KeyPositions.resolve(TestCommands.resolve(args), args);
  }

  @Test
  void shouldFindFixedKey() {
    assertArrayEquals(new int[] {1}, resolve("GET k"));
  }

  @Test
  void shouldFindRangeToTheEnd() {
    assertArrayEquals(new int[] {1, 2, 3}, resolve("MGET a b c"));
  }

  @Test
  void shouldFindKeysCountedByAnArgument() {
    assertArrayEquals(new int[] {3, 4}, resolve("EVAL_RO body 2 a b arg"));
    assertArrayEquals(new int[] {2, 3, 4}, resolve("ZUNION 3 a b c WEIGHTS 1 2 3"));
  }

  @Test
  void shouldAcceptAZeroKeyCount() {
    assertArrayEquals(new int[0], resolve("EVAL_RO body 0 arg"));
  }

  @Test
  void shouldFindStreamsAfterTheKeywordAsHalfOfTheRest() {
    assertArrayEquals(new int[] {4, 5}, resolve("XREAD COUNT 2 STREAMS a b 0 0"));
    assertArrayEquals(new int[] {4, 5}, resolve("xread count 2 streams a b 0 0"));
  }

  @Test
  void shouldSkipArgumentsThatAreNotKeys() {
    assertArrayEquals(new int[0], resolve("SSUBSCRIBE a b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EVAL_RO body 2 a", "EVAL_RO body two a b", "EVAL_RO body -1",
      "EVAL_RO body", "EVAL_RO body 01 a", "EVAL_RO body +1 a", "ZUNION 99999999999999999999 a",
      "XREAD COUNT 2 a b", "XREAD STREAMS", "SORT k STORE d"})
  void shouldNotGuessWhenTheSpecsCannotBeFollowed(String line) {
    assertNull(resolve(line));
  }

  @Test
  void shouldResolveSortRoAsRedisDoes() {
    assertArrayEquals(new int[] {1}, resolve("SORT_RO l BY w_* GET #"));
  }

  @Test
  void shouldParseCountsAsRedisDoes() {
    assertArrayEquals(new long[] {0, 7, 12, -1, -1, -1, -1},
        new long[] {
            KeyPositions.parseCount("0".getBytes()),
            KeyPositions.parseCount("7".getBytes()),
            KeyPositions.parseCount("12".getBytes()),
            KeyPositions.parseCount("".getBytes()),
            KeyPositions.parseCount("007".getBytes()),
            KeyPositions.parseCount("1e3".getBytes()),
            KeyPositions.parseCount("-2".getBytes())});
  }
}
