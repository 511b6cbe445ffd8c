package io.belay.backends.command;

import io.belay.backends.engine.Dict;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.CommandTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The commands a backend serves: each Redis spec with its implementation and its
 * {@code INFO commandstats} counters. Looked up by name bytes without allocating for
 * names sent in all-lower or all-upper case, which is what clients send.
 */
public final class CommandRegistry {

  /** A served command. */
  public static final class Entry {
    final CommandSpec spec;
    final Command command;
    long calls;
    long micros;
    long rejectedCalls;
    long failedCalls;

    Entry(CommandSpec spec, Command command) {
      this.spec = spec;
      this.command = command;
    }

    public CommandSpec spec() {
      return spec;
    }

    public long calls() {
      return calls;
    }

    public long micros() {
      return micros;
    }

    public long rejectedCalls() {
      return rejectedCalls;
    }

    public long failedCalls() {
      return failedCalls;
    }
  }

  private final CommandTable table;
  private final Dict<Entry> lower = new Dict<>();
  private final Dict<Entry> upper = new Dict<>();
  private final List<Entry> entries = new ArrayList<>();

  public CommandRegistry(CommandTable table) {
    this.table = table;
  }

  public CommandTable table() {
    return table;
  }

  /** Serves {@code name} (a Redis command the table knows) with {@code command}. */
  public void add(String name, Command command) {
    CommandSpec spec = table.lookup(name);
    if (spec == null) {
      throw new IllegalArgumentException("not a Redis command: " + name);
    }
    Entry e = new Entry(spec, command);
    lower.put(Args.bytes(name.toLowerCase(Locale.ROOT)), e);
    upper.put(Args.bytes(name.toUpperCase(Locale.ROOT)), e);
    entries.add(e);
  }

  /** Serves a command Redis does not have (Belay's own control command), under its own spec. */
  public void addCustom(CommandSpec spec, Command command) {
    Entry e = new Entry(spec, command);
    lower.put(Args.bytes(spec.name().toLowerCase(Locale.ROOT)), e);
    upper.put(Args.bytes(spec.name().toUpperCase(Locale.ROOT)), e);
    entries.add(e);
  }

  public Entry lookup(byte[] name) {
    Entry e = lower.get(name);
    if (e == null) {
      e = upper.get(name);
      if (e == null) {
        e = lower.get(Args.bytes(Args.lower(name)));
      }
    }
    return e;
  }

  public boolean serves(String name) {
    return lower.containsKey(Args.bytes(name.toLowerCase(Locale.ROOT)));
  }

  public Collection<Entry> entries() {
    return entries;
  }

  public void resetStats() {
    for (Entry e : entries) {
      e.calls = 0;
      e.micros = 0;
      e.rejectedCalls = 0;
      e.failedCalls = 0;
    }
  }
}
