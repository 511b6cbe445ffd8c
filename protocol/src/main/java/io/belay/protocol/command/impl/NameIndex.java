package io.belay.protocol.command.impl;

import io.belay.protocol.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Command specs by name, matched with ASCII case folding like Redis's {@code strcasecmp},
 * straight from the argument bytes a client sent: a lookup hashes and compares the bytes in
 * place and allocates nothing. Open addressing over a power-of-two table at most half full.
 *
 * <p>A two-part lookup ({@link #get(byte[], byte[])}) matches the name
 * {@code first|second}, which is how Redis names a subcommand.
 */
public final class NameIndex {

  private static final byte SEPARATOR = '|';

  private final byte[][] names;
  private final CommandSpec[] specs;
  private final int mask;

  /** Indexes {@code specs} under their {@link CommandSpec#name()}, which must be lower case. */
  public NameIndex(Collection<CommandSpec> specs) {
    int capacity = Integer.highestOneBit(Math.max(4, specs.size() * 2 - 1)) << 1;
    this.names = new byte[capacity][];
    this.specs = new CommandSpec[capacity];
    this.mask = capacity - 1;
    for (CommandSpec spec : specs) {
      byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
      for (byte b : name) {
        if (b >= 'A' && b <= 'Z') {
          throw new IllegalArgumentException("command names are indexed in lower case: " + spec.name());
        }
      }
      int slot = slot(hash(name, 0));
      while (names[slot] != null) {
        if (names[slot].length == name.length && equalsFolded(names[slot], 0, name, 0, name.length)) {
          throw new IllegalArgumentException("duplicate command name: " + spec.name());
        }
        slot = (slot + 1) & mask;
      }
      names[slot] = name;
      this.specs[slot] = spec;
    }
  }

  /** The spec named {@code name} in any letter case, or {@code null}. */
  public CommandSpec get(byte[] name) {
    int slot = slot(hash(name, 0));
    for (byte[] candidate; (candidate = names[slot]) != null; slot = (slot + 1) & mask) {
      if (candidate.length == name.length && equalsFolded(candidate, 0, name, 0, name.length)) {
        return specs[slot];
      }
    }
    return null;
  }

  /** The spec named {@code first|second} in any letter case, or {@code null}. */
  public CommandSpec get(byte[] first, byte[] second) {
    int h = hash(second, 31 * hash(first, 0) + SEPARATOR);
    int length = first.length + 1 + second.length;
    for (int slot = slot(h); names[slot] != null; slot = (slot + 1) & mask) {
      byte[] candidate = names[slot];
      if (candidate.length == length
          && candidate[first.length] == SEPARATOR
          && equalsFolded(candidate, 0, first, 0, first.length)
          && equalsFolded(candidate, first.length + 1, second, 0, second.length)) {
        return specs[slot];
      }
    }
    return null;
  }

  /** The spec named {@code name} in any ASCII letter case, or {@code null}. */
  public CommandSpec get(String name) {
    int n = name.length();
    int h = 0;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c >= 0x80) {
        return null; // every Redis command name is ASCII
      }
      h = 31 * h + fold((byte) c);
    }
    for (int slot = slot(h); names[slot] != null; slot = (slot + 1) & mask) {
      byte[] candidate = names[slot];
      if (candidate.length == n && matches(candidate, name)) {
        return specs[slot];
      }
    }
    return null;
  }

  private static boolean matches(byte[] lower, String name) {
    for (int i = 0; i < lower.length; i++) {
      if (lower[i] != fold((byte) name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Continues {@code seed} over {@code bytes}, folded: the same as hashing the whole name at once. */
  private static int hash(byte[] bytes, int seed) {
    int h = seed;
    for (byte b : bytes) {
      h = 31 * h + fold(b);
    }
    return h;
  }

  private int slot(int hash) {
    // the low bits pick the slot, so mix the high bits into them
    return (hash ^ (hash >>> 16)) & mask;
  }

  private static boolean equalsFolded(byte[] lower, int at, byte[] bytes, int from, int length) {
    for (int i = 0; i < length; i++) {
      if (lower[at + i] != fold(bytes[from + i])) {
        return false;
      }
    }
    return true;
  }

  private static byte fold(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b | 0x20) : b;
  }
}
