package io.belay.backends.replication;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The snapshot of a full synchronization as it reaches a replica, in either of the two forms a
 * master sends: {@code $<length>} and that many bytes (a snapshot made before it is sent), or
 * {@code $EOF:<40 bytes>}, the snapshot, and the same 40 bytes again (a diskless snapshot,
 * streamed while it is made, whose length nobody knows in advance).
 *
 * <p>Bytes are kept as the chunks they came in, never copied into one growing array: a
 * gigabyte snapshot costs a gigabyte while it is loaded, not three.
 */
final class SnapshotTransfer {

  /** Length of the end mark of a diskless transfer, as in Redis (RDB_EOF_MARK_SIZE). */
  static final int MARK_LENGTH = 40;

  private final long length;
  private final byte[] mark;
  private final List<byte[]> chunks = new ArrayList<>();
  private final byte[] tail = new byte[MARK_LENGTH];
  private long received;

  private SnapshotTransfer(long length, byte[] mark) {
    this.length = length;
    this.mark = mark;
  }

  /**
   * The transfer a header line announces ({@code $1234} or {@code $EOF:<mark>}, without CRLF).
   *
   * @throws IllegalArgumentException for anything else
   */
  static SnapshotTransfer announcedBy(String header) {
    if (header.startsWith("$EOF:")) {
      byte[] mark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
      if (mark.length != MARK_LENGTH) {
        throw new IllegalArgumentException("bad end mark in snapshot header " + header);
      }
      return new SnapshotTransfer(-1, mark);
    }
    if (header.startsWith("$")) {
      try {
        long length = Long.parseLong(header.substring(1));
        if (length >= 0) {
          return new SnapshotTransfer(length, null);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("unexpected snapshot header " + header);
  }

  boolean diskless() {
    return mark != null;
  }

  /**
   * Takes what belongs to the snapshot from {@code data[off, off+len)} and returns how many
   * bytes it took; what it leaves is the command stream that follows. A diskless transfer takes
   * everything: the master starts the stream only once the replica acknowledged the snapshot.
   */
  int take(byte[] data, int off, int len) {
    int n = length < 0 ? len : (int) Math.min(len, length - received);
    if (n <= 0) {
      return 0;
    }
    chunks.add(Arrays.copyOfRange(data, off, off + n));
    received += n;
    if (n >= MARK_LENGTH) {
      System.arraycopy(data, off + n - MARK_LENGTH, tail, 0, MARK_LENGTH);
    } else {
      System.arraycopy(tail, n, tail, 0, MARK_LENGTH - n);
      System.arraycopy(data, off, tail, MARK_LENGTH - n, n);
    }
    return n;
  }

  /** The whole snapshot has arrived. */
  boolean complete() {
    if (length >= 0) {
      return received == length;
    }
    return received >= MARK_LENGTH && Arrays.equals(tail, mark);
  }

  /** Bytes of the snapshot itself, the end mark not counted; meaningful once complete. */
  long size() {
    return length >= 0 ? received : received - MARK_LENGTH;
  }

  /** The snapshot's bytes, once complete. */
  InputStream rdb() {
    List<InputStream> parts = new ArrayList<>(chunks.size());
    long left = size();
    for (byte[] chunk : chunks) {
      if (left <= 0) {
        break;
      }
      int n = (int) Math.min(chunk.length, left);
      parts.add(new ByteArrayInputStream(chunk, 0, n));
      left -= n;
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }
}
