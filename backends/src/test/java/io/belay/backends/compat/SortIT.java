package io.belay.backends.compat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.belay.backends.testing.DifferentialTest;
import io.belay.protocol.RespValue;
import org.junit.jupiter.api.Test;

class SortIT extends DifferentialTest {

  /** Members that are numbers, in an order that is neither numeric nor alphabetical. */
  private void numbers() throws Exception {
    same("ZADD", "z", "1", "10", "2", "2", "3", "-1.5", "4", "3e2", "5", "0", "6", "7", "7", "100", "8", "-0");
  }

  @Test
  void shouldSortSortedSetsNumericallyAndAlphabetically() throws Exception {
    numbers();
    same("SORT", "z");
    same("SORT", "z", "DESC");
    same("SORT", "z", "ASC");
    same("SORT", "z", "ALPHA");
    same("SORT", "z", "ALPHA", "DESC");
    same("SORT", "z", "DESC", "ASC");
    same("SORT_RO", "z", "DESC");
    same("SORT", "z", "BY", "nosort");
    same("SORT", "z", "BY", "nosort", "DESC");
    same("SORT", "z", "BY", "nosort", "LIMIT", "2", "3");
    same("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "2", "3");
    same("SORT", "missing");
    same("SORT", "missing", "BY", "nosort", "GET", "#");
    same("ZADD", "words", "1", "pear", "2", "apple", "3", "fig");
    same("SORT", "words");
    same("SORT", "words", "ALPHA");
    same("SORT", "words", "ALPHA", "DESC", "LIMIT", "0", "2");
  }

  @Test
  void shouldParseScoresAsStrtodDoes() throws Exception {
    same("ZADD", "z", "1", "inf", "2", "-inf", "3", " 5", "4", "0x10", "5", "", "6", "1e3", "7", "-.5", "8", "+4",
        "9", "Infinity");
    same("SORT", "z");
    same("SORT", "z", "DESC");
    same("ZADD", "nul", "1", new byte[] {'5', 0, 'x'}, "2", "3");
    same("SORT", "nul");
    for (String bad : new String[] {"1e400", "nan", "5 ", "abc", "1e-310", "0x"}) {
      same("ZADD", "bad", "1", "1", "2", bad);
      same("SORT", "bad");
      same("SORT", "bad", "ALPHA");
      same("SORT", "bad", "BY", "nosort");
      same("DEL", "bad");
    }
  }

  @Test
  void shouldApplyLimitsLikeRedis() throws Exception {
    numbers();
    for (String[] limit : new String[][] {{"0", "3"}, {"2", "2"}, {"-5", "3"}, {"3", "-1"}, {"0", "0"}, {"8", "1"},
        {"7", "5"}, {"100", "5"}, {"1", "9223372036854775807"}, {"9223372036854775807", "1"},
        {"-9223372036854775808", "2"}}) {
      same("SORT", "z", "LIMIT", limit[0], limit[1]);
      same("SORT", "z", "DESC", "LIMIT", limit[0], limit[1]);
      same("SORT", "z", "BY", "nosort", "LIMIT", limit[0], limit[1]);
      same("SORT", "z", "LIMIT", limit[0], limit[1], "GET", "#", "GET", "nothing");
    }
  }

  @Test
  void shouldSortByKeysAndHashFieldsAndGetPatterns() throws Exception {
    same("ZADD", "ids", "1", "a", "2", "b", "3", "c", "4", "d");
    same("MSET", "weight_a", "30", "weight_b", "10", "weight_c", "20");
    same("HSET", "obj_a", "name", "Alice", "w", "2");
    same("HSET", "obj_b", "name", "Bob", "w", "1");
    same("HSET", "obj_d", "name", "Dan", "w", "-7");
    same("SORT", "ids", "BY", "weight_*");
    same("SORT", "ids", "BY", "weight_*", "DESC");
    same("SORT", "ids", "BY", "obj_*->w");
    same("SORT", "ids", "BY", "obj_*->name", "ALPHA");
    same("SORT", "ids", "BY", "obj_*->name", "ALPHA", "DESC");
    same("SORT", "ids", "BY", "weight_*", "GET", "#", "GET", "weight_*", "GET", "obj_*->name", "GET", "obj_*->nope");
    same("SORT", "ids", "BY", "weight_*", "GET", "obj_*->");
    same("SORT", "ids", "GET", "weight", "GET", "#x", "GET", "*", "GET", "weight_*->name");
    same("SORT", "ids", "BY", "weight_*->", "GET", "obj_*");
    same("SORT", "ids", "BY", "obj_*->nope");
    // ties under ALPHA BY keep the input order: a sorted set's hash order, so none here
    same("SORT", "ids", "BY", "weight", "GET", "#");
    same("SORT", "ids", "BY", "weight_*", "LIMIT", "1", "2", "GET", "#");
    same("SET", "weight_d", "heavy");
    same("SORT", "ids", "BY", "weight_*");
    same("SORT", "ids", "BY", "weight_*", "ALPHA");
    same("SORT", "ids", "BY", "obj_*->name", "BY", "nosort");
    same("SORT", "ids", "BY", "nosort", "BY", "weight_*");
    same("SORT_RO", "ids", "BY", "obj_*->w", "GET", "obj_*->name");
  }

  @Test
  void shouldStoreResultsAsAList() throws Exception {
    numbers();
    same("SORT", "z", "STORE", "dst");
    same("TYPE", "dst");
    same("SORT", "dst", "BY", "nosort");
    same("SORT", "z", "DESC", "LIMIT", "1", "3", "STORE", "dst");
    same("SORT", "dst", "BY", "nosort");
    same("SORT", "z", "GET", "#", "GET", "missing_*", "STORE", "dst");
    same("SORT", "dst", "BY", "nosort");
    same("SET", "str", "x");
    same("EXPIRE", "str", "100");
    same("SORT", "z", "LIMIT", "0", "2", "STORE", "str");
    same("TYPE", "str");
    same("TTL", "str");
    same("SORT", "z", "LIMIT", "0", "0", "STORE", "str");
    same("EXISTS", "str");
    same("SORT", "missing", "STORE", "dst");
    same("EXISTS", "dst");
    same("SORT", "missing", "STORE", "dst");
    byte[] binary = {'b', '\r', '\n', 0, (byte) 0xff};
    same("ZADD", "bin", "1", binary, "2", "a", "3", new byte[] {'b', '\r'});
    same("SORT", "bin", "ALPHA", "STORE", "dst");
    same("SORT", "dst", "BY", "nosort");
    same("SORT", "bin", "ALPHA", "DESC");
    same("SORT", "z", "STORE", "z");
    same("TYPE", "z");
    same("SORT", "z", "BY", "nosort", "DESC");
  }

  @Test
  void shouldRejectBadOptionsAndTypes() throws Exception {
    numbers();
    same("SORT", "z", "LIMIT", "1");
    same("SORT", "z", "LIMIT", "x", "1");
    same("SORT", "z", "LIMIT", "1", "1.5");
    same("SORT", "z", "BY");
    same("SORT", "z", "GET");
    same("SORT", "z", "STORE");
    same("SORT", "z", "NOPE");
    same("SORT_RO", "z", "STORE", "dst");
    same("EXISTS", "dst");
    same("SORT");
    same("SORT_RO");
    same("SET", "str", "x");
    same("SORT", "str");
    same("SORT", "str", "NOPE");
    same("HSET", "h", "f", "v");
    same("SORT", "h");
    same("SORT_RO", "h", "BY", "nosort");
    same("SORT", "str", "STORE", "dst");
    same("EXISTS", "dst");
  }

  @Test
  void shouldSortListsKeepingTheirOrderWithoutSorting() throws Exception {
    assumeTrue(subjectServes("LLEN", "probe"), "the embedded backend does not serve lists yet");
    same("RPUSH", "l", "3", "1", "2", "10", "-4", "1");
    same("SORT", "l");
    same("SORT", "l", "DESC", "LIMIT", "1", "3");
    same("SORT", "l", "BY", "nosort");
    same("SORT", "l", "BY", "nosort", "DESC");
    same("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2");
    same("SORT", "l", "BY", "nosort", "LIMIT", "4", "100");
    same("SORT", "l", "ALPHA");
    same("MSET", "k_3", "c", "k_1", "a", "k_2", "b");
    same("SORT", "l", "BY", "k_*", "ALPHA", "GET", "#", "GET", "k_*");
    same("SORT", "l", "BY", "k_*", "GET", "#");
    same("SORT", "l", "BY", "nothing_*", "ALPHA");
    same("SORT", "l", "BY", "nothing_*", "ALPHA", "DESC");
    same("SORT", "l", "STORE", "dst");
    same("LRANGE", "dst", "0", "-1");
    same("RPUSH", "words", "b", "A", "a", "B", "a b");
    same("SORT", "words", "ALPHA");
    same("SORT", "words");
  }

  @Test
  void shouldSortSetsAndStoreUnsortedSetsAlphabetically() throws Exception {
    assumeTrue(subjectServes("SCARD", "probe"), "the embedded backend does not serve sets yet");
    same("SADD", "s", "5", "3", "12", "1", "-2");
    same("SORT", "s");
    same("SORT", "s", "DESC", "LIMIT", "0", "2");
    same("SORT", "s", "ALPHA");
    sameUnordered("SORT", "s", "BY", "nosort");
    same("SORT", "s", "BY", "nosort", "STORE", "dst");
    same("SORT", "dst", "BY", "nosort");
    same("SADD", "w", "pear", "apple", "fig", "kiwi");
    same("SORT", "w", "ALPHA");
    same("SORT", "w");
    same("SORT", "w", "BY", "nosort", "STORE", "dst");
    same("SORT", "dst", "BY", "nosort");
  }

  @Test
  void shouldReplyInResp3() throws Exception {
    both("HELLO", "3");
    try {
      numbers();
      same("SORT", "z", "GET", "#", "GET", "missing_*");
      same("SORT", "z", "LIMIT", "0", "2");
      same("SORT", "missing");
      same("SORT", "z", "STORE", "dst");
    } finally {
      both("HELLO", "2");
    }
  }

  /** True if the embedded backend knows the command (other families land separately). */
  private boolean subjectServes(Object... probe) throws Exception {
    RespValue reply = subject.call(probe);
    return !(reply instanceof RespValue.Error e && e.message().startsWith("ERR unknown command"));
  }
}
