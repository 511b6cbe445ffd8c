package io.belay.routing.impl;

import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds a command's keys in its arguments from the Redis 7 key specs, following redis-server's
 * {@code getKeysUsingKeySpecs}, but answering "cannot tell" instead of guessing: routing only
 * trusts a movable-keys command once every key spec resolved inside the arguments.
 *
 * <p>{@code CommandTable.keyPositions} in the protocol module answers "no keys" both for a
 * command without keys and for arguments the command will reject; routing needs the two apart,
 * since only the first may be served by a replica.
 */
public final class KeyPositions {

  /** The key-spec flag Redis sets when a spec may miss keys. */
  private static final String INCOMPLETE = "incomplete";
  /** The key-spec flag of arguments that are not keys (shard channels). */
  private static final String NOT_KEY = "not_key";

  private KeyPositions() {
  }

  /**
   * The argument indexes holding keys (the command name is index 0), or {@code null} when the
   * specs cannot say: an unknown begin-search or find-keys step, an incomplete spec, a keyword
   * or key count that is missing or malformed, or keys that would fall outside the arguments.
   */
  public static int[] resolve(CommandSpec spec, byte[][] args) {
    if (spec.name().equals("sort_ro")) {
      // Redis's own sortROGetKeys: the BY and GET patterns its second spec cannot describe
      // are read from the same dataset, never written; the one key is the sorted one.
      return args.length > 1 ? new int[] {1} : null;
    }
    if (spec.keySpecs().isEmpty()) {
      // Keys that move, and nothing that says where: an older or a module table.
      return spec.has(CommandFlag.MOVABLEKEYS) ? null : new int[0];
    }
    int argc = args.length;
    int[] keys = new int[0];
    int count = 0;
    for (KeySpec keySpec : spec.keySpecs()) {
      if (hasFlag(keySpec, NOT_KEY)) {
        continue;
      }
      if (hasFlag(keySpec, INCOMPLETE)) {
        return null;
      }
      int first = begin(keySpec.begin(), args);
      if (first < 0) {
        return null;
      }
      int last;
      int step;
      KeySpec.FindKeys find = keySpec.find();
      if (find instanceof KeySpec.FindKeys.Range range) {
        if (range.lastKey() >= 0) {
          last = first + range.lastKey();
        } else if (range.limit() <= 1) {
          last = argc + range.lastKey();
        } else {
          last = first + ((argc - first) / range.limit() + range.lastKey());
        }
        step = range.step();
      } else if (find instanceof KeySpec.FindKeys.KeyNum keyNum) {
        int numIndex = first + keyNum.keyNumIndex();
        if (numIndex < 1 || numIndex >= argc) {
          return null;
        }
        long numKeys = parseCount(args[numIndex]);
        if (numKeys < 0 || numKeys > argc) {
          return null;
        }
        step = keyNum.step();
        first += keyNum.firstKey();
        if (numKeys == 0) {
          continue;
        }
        last = first + (int) (numKeys - 1) * Math.max(step, 1);
      } else {
        return null;
      }
      if (step < 1 || first < 1 || last < first || last >= argc) {
        return null;
      }
      for (int i = first; i <= last; i += step) {
        if (count == keys.length) {
          keys = Arrays.copyOf(keys, Math.max(4, count * 2));
        }
        keys[count++] = i;
      }
    }
    return Arrays.copyOf(keys, count);
  }

  /** Index of the first key, or -1 when it cannot be found. */
  private static int begin(KeySpec.BeginSearch begin, byte[][] args) {
    if (begin instanceof KeySpec.BeginSearch.Index index) {
      return index.index() >= 1 ? index.index() : -1;
    }
    if (begin instanceof KeySpec.BeginSearch.Keyword keyword) {
      // As redis-server searches: forwards up to the second-to-last argument (a keyword last
      // has no key after it), backwards down to index 2.
      int argc = args.length;
      boolean forwards = keyword.startFrom() > 0;
      int start = forwards ? keyword.startFrom() : argc + keyword.startFrom();
      int end = forwards ? argc - 1 : 1;
      for (int i = start; i != end && i >= 1 && i < argc; i += forwards ? 1 : -1) {
        if (equalsIgnoreCase(args[i], keyword.keyword())) {
          return i + 1;
        }
      }
      return -1;
    }
    return -1;
  }

  private static boolean hasFlag(KeySpec spec, String flag) {
    for (String f : spec.flags()) {
      if (f.equalsIgnoreCase(flag)) {
        return true;
      }
    }
    return false;
  }

  /** A non-negative decimal count as Redis's string2ll accepts it, or -1. */
  static long parseCount(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > 18) {
      return -1;
    }
    if (bytes.length > 1 && bytes[0] == '0') {
      return -1;
    }
    long value = 0;
    for (byte b : bytes) {
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  static boolean equalsIgnoreCase(byte[] arg, String ascii) {
    if (arg.length != ascii.length()) {
      return false;
    }
    return new String(arg, StandardCharsets.US_ASCII).equalsIgnoreCase(ascii);
  }
}
