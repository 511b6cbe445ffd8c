package io.belay.backends.command;

import java.util.ArrayDeque;
import java.util.Iterator;

/** Commands slower than {@code slowlog-log-slower-than}, newest first, as SLOWLOG GET shows them. */
final class SlowLog {

  private record Entry(long id, long timestamp, long micros, byte[][] args, String addr, String name) {
  }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long nextId;

  void add(Client c, byte[][] args, long micros, int maxLen) {
    int n = Math.min(args.length, 32);
    byte[][] kept = new byte[n][];
    for (int i = 0; i < n; i++) {
      if (i == n - 1 && args.length > 32) {
        kept[i] = Args.bytes("... (" + (args.length - 31) + " more arguments)");
      } else if (args[i].length > 128) {
        kept[i] = Args.bytes(Args.str(java.util.Arrays.copyOf(args[i], 128)) + "... (" + (args[i].length - 128)
            + " more bytes)");
      } else {
        kept[i] = args[i];
      }
    }
    entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, kept,
        c.transport().remoteAddress(), c.name() == null ? "" : c.name()));
    while (entries.size() > maxLen) {
      entries.removeLast();
    }
  }

  int size() {
    return entries.size();
  }

  void reset() {
    entries.clear();
  }

  void write(Client c, int count) {
    int n = Math.min(count, entries.size());
    c.out.arrayHeader(n);
    Iterator<Entry> it = entries.iterator();
    for (int i = 0; i < n; i++) {
      Entry e = it.next();
      c.out.arrayHeader(6).integer(e.id).integer(e.timestamp).integer(e.micros).arrayHeader(e.args.length);
      for (byte[] a : e.args) {
        c.out.bulk(a);
      }
      c.out.bulk(e.addr).bulk(e.name);
    }
  }
}
