package io.belay.protocol.command.impl;

import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.KeySpec;
import io.belay.protocol.command.KeySpec.BeginSearch;
import io.belay.protocol.command.KeySpec.FindKeys;
import io.belay.protocol.impl.Numbers;
import java.util.Arrays;

/**
 * Finds the argument positions of a command's keys the way redis-server 7.0 does for
 * {@code COMMAND GETKEYS} ({@code getKeysFromCommandWithSpecs} in db.c):
 *
 * <ol>
 *   <li>key specs first: begin at an index or after a keyword, then a range (a negative last
 *       key counts from the end; a limit divides what is left, as XREAD's streams and ids) or
 *       a key count argument (EVAL, ZUNIONSTORE); specs flagged {@code not_key} (shard
 *       channels) name no keys;
 *   <li>when a spec cannot be followed (unknown, incomplete, or arguments the command will
 *       reject anyway), Redis's own per-command procedure: SORT's STORE and MIGRATE's KEYS
 *       are the two that key specs cannot describe; every other command then has no keys;
 *   <li>a command without key specs (an older or a module table) uses the legacy
 *       first/last/step.
 * </ol>
 *
 * <p>Keys come back in Redis's order, which is not always ascending (GEORADIUS STORE).
 */
public final class KeyFinder {

  private static final int[] NONE = new int[0];

  private KeyFinder() {
  }

  public static int[] keyPositions(CommandSpec spec, byte[][] args) {
    if (spec.keySpecs().isEmpty()) {
      return legacy(spec, args.length);
    }
    int[] keys = fromKeySpecs(spec, args);
    if (keys != null) {
      return keys;
    }
    switch (spec.name()) {
      case "sort":
        return sortKeys(args);
      case "sort_ro":
        return args.length > 1 ? new int[] {1} : NONE;
      case "migrate":
        return migrateKeys(args);
      default:
        return NONE;
    }
  }

  /** The keys every spec finds, or {@code null} when one of them cannot be followed. */
  private static int[] fromKeySpecs(CommandSpec spec, byte[][] args) {
    int argc = args.length;
    int[] out = NONE;
    int count = 0;
    for (KeySpec keySpec : spec.keySpecs()) {
      if (keySpec.flags().contains("not_key")) {
        continue;
      }
      int first;
      BeginSearch begin = keySpec.begin();
      if (begin instanceof BeginSearch.Index index) {
        first = index.index();
      } else if (begin instanceof BeginSearch.Keyword keyword) {
        first = afterKeyword(keyword, args);
        if (first == 0) {
          continue; // an optional keyword (STORE) that is not there
        }
      } else {
        return null;
      }
      long last;
      int step;
      FindKeys find = keySpec.find();
      if (find instanceof FindKeys.Range range) {
        step = range.step();
        if (range.lastKey() >= 0) {
          last = (long) first + range.lastKey();
        } else if (range.limit() == 0) {
          last = (long) argc + range.lastKey();
        } else {
          last = first + ((long) (argc - first) / range.limit() + range.lastKey());
        }
      } else if (find instanceof FindKeys.KeyNum keyNum) {
        step = keyNum.step();
        if (keyNum.keyNumIndex() >= argc - first) {
          if (spec.arity() < 0) {
            continue; // too few arguments: the command reports it
          }
          return null;
        }
        byte[] text = args[first + keyNum.keyNumIndex()];
        long keys = Numbers.parseLong(text);
        if (keys == Numbers.INVALID || keys < 0 || keys > argc) {
          return null;
        }
        first += keyNum.firstKey();
        last = first + keys - 1;
      } else {
        return null;
      }
      if (last >= argc || last < first || first >= argc || step < 1) {
        return null;
      }
      for (int i = first; i <= last; i += step) {
        if (count == out.length) {
          out = Arrays.copyOf(out, Math.max(4, count * 2));
        }
        out[count++] = i;
      }
      if (keySpec.flags().contains("incomplete")) {
        return null;
      }
    }
    return count == out.length ? out : Arrays.copyOf(out, count);
  }

  /** One past the keyword, searched as Redis does (the end itself is never looked at); 0 if absent. */
  private static int afterKeyword(BeginSearch.Keyword keyword, byte[][] args) {
    int argc = args.length;
    int start = keyword.startFrom() > 0 ? keyword.startFrom() : argc + keyword.startFrom();
    int end = keyword.startFrom() > 0 ? argc - 1 : 0;
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (is(args[i], keyword.keyword())) {
        return i + 1;
      }
    }
    return 0;
  }

  private static int[] legacy(CommandSpec spec, int argc) {
    int first = spec.firstKey();
    if (first <= 0 || spec.step() < 1) {
      return NONE;
    }
    int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
    if (last < first) {
      return NONE;
    }
    if (last >= argc) {
      return NONE; // too few arguments: the command reports it
    }
    int[] out = new int[(last - first) / spec.step() + 1];
    for (int i = 0, j = first; j <= last; j += spec.step()) {
      out[i++] = j;
    }
    return out;
  }

  /** Redis's {@code sortGetKeys}: the sorted key, and the last STORE target if any. */
  private static int[] sortKeys(byte[][] args) {
    int argc = args.length;
    if (argc < 2) {
      return NONE;
    }
    int store = 0;
    for (int i = 2; i < argc; i++) {
      byte[] arg = args[i];
      if (is(arg, "limit")) {
        i += 2;
      } else if (is(arg, "store") && i + 1 < argc) {
        store = i + 1; // like SORT itself, the last STORE wins; its argument is not skipped
      } else if (is(arg, "get") || is(arg, "by")) {
        i += 1;
      }
    }
    return store == 0 ? new int[] {1} : new int[] {1, store};
  }

  /** Redis's {@code migrateGetKeys}: the key argument, or what follows KEYS when it is empty. */
  private static int[] migrateKeys(byte[][] args) {
    int argc = args.length;
    if (argc < 4) {
      return NONE;
    }
    int first = 3;
    int count = 1;
    for (int i = 6; i < argc; i++) {
      byte[] arg = args[i];
      if (is(arg, "keys")) {
        if (args[3].length > 0) {
          return NONE; // KEYS with a non-empty key argument is an error
        }
        first = i + 1;
        count = argc - first;
        break;
      }
      if (is(arg, "auth")) {
        i += 1;
      } else if (is(arg, "auth2")) {
        i += 2;
      }
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = first + i;
    }
    return out;
  }

  /** ASCII case-insensitive, like {@code strcasecmp}, without decoding the argument. */
  private static boolean is(byte[] arg, String word) {
    if (arg.length != word.length()) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      int a = arg[i];
      int b = word.charAt(i);
      if (a != b && ((a | 0x20) != (b | 0x20) || !isLetter(a | 0x20))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(int lower) {
    return lower >= 'a' && lower <= 'z';
  }
}
