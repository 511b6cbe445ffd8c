package io.belay.backends.replication;

import io.belay.protocol.RespWriter;

/**
 * Encodes propagated commands as the replication stream carries them: RESP arrays of bulk
 * strings, with a SELECT whenever the database differs from the previous command's.
 */
final class StreamEncoder {

  private final RespWriter writer = new RespWriter(1024);
  private int selectedDb = -1;

  byte[] encode(int db, byte[][] args) {
    if (db != selectedDb) {
      writer.command("SELECT", Integer.toString(db));
      selectedDb = db;
    }
    writer.command(args);
    return writer.drain();
  }

  /** After a new stream starts (full resync, new replication ID), the next command re-selects. */
  void forgetSelectedDb() {
    selectedDb = -1;
  }

  /** The byte length of {@code args} as a RESP array, which is what it adds to the offset. */
  static long encodedLength(byte[][] args) {
    long n = 1 + digits(args.length) + 2;
    for (byte[] a : args) {
      n += 1 + digits(a.length) + 2 + a.length + 2;
    }
    return n;
  }

  private static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }
}
