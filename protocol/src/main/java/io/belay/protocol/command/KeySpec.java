package io.belay.protocol.command;

import java.util.Set;

/**
 * Where a command's keys are, as Redis 7 describes it: a way to find the first key, then a
 * way to find the rest. See "Key specifications" in the Redis documentation.
 *
 * @param flags the key-spec flags as Redis spells them ({@code RO}, {@code RW}, {@code OW}, {@code access}, ...)
 */
public record KeySpec(Set<String> flags, BeginSearch begin, FindKeys find) {

  /** How to find the first key. */
  public sealed interface BeginSearch {
    /** The first key is at a fixed argument index (the command name is index 0). */
    record Index(int index) implements BeginSearch {
    }

    /**
     * The first key follows a keyword, searched from {@code startFrom} (negative counts from
     * the end, searching backwards).
     */
    record Keyword(String keyword, int startFrom) implements BeginSearch {
    }

    /** Redis cannot describe it (the command's own code knows). */
    record Unknown() implements BeginSearch {
    }
  }

  /** How to find the keys after the first one. */
  public sealed interface FindKeys {
    /**
     * A run of keys: {@code lastKey} relative to the first key (negative counts from the end
     * of the arguments), every {@code step} arguments; {@code limit} divides the remaining
     * arguments when {@code lastKey} is -1 and limit is above 1.
     */
    record Range(int lastKey, int step, int limit) implements FindKeys {
    }

    /** An argument gives the number of keys, as in {@code ZUNIONSTORE dst 2 a b}. */
    record KeyNum(int keyNumIndex, int firstKey, int step) implements FindKeys {
    }

    record Unknown() implements FindKeys {
    }
  }
}
