package io.belay.backends.replication;

/**
 * The replication backlog: a ring buffer holding the last {@code repl-backlog-size} bytes of
 * the replication stream, so a replica that reconnects with {@code PSYNC replid offset} gets
 * only what it missed. Offsets are replication offsets: byte positions in the stream since
 * the replication ID began.
 */
final class Backlog {

  private byte[] ring;
  /** Replication offset of the next byte to be appended. */
  private long endOffset;
  /** Bytes held, at most {@code ring.length}. */
  private int length;
  /** The offset stored at ring index 0 (modulo the ring size). */
  private long base;

  Backlog(int size, long startOffset) {
    ring = new byte[size];
    endOffset = startOffset;
    base = startOffset;
  }

  int capacity() {
    return ring.length;
  }

  /** Offset of the first byte still held (Redis's repl_backlog_first_byte_offset is this + 1). */
  long firstOffset() {
    return endOffset - length;
  }

  long endOffset() {
    return endOffset;
  }

  int length() {
    return length;
  }

  void append(byte[] data, int off, int len) {
    if (len >= ring.length) {
      System.arraycopy(data, off + len - ring.length, ring, 0, ring.length);
      endOffset += len;
      length = ring.length;
      // after a full overwrite the ring starts at index 0 again
      rotateTo(0);
      return;
    }
    int at = index(endOffset);
    int first = Math.min(len, ring.length - at);
    System.arraycopy(data, off, ring, at, first);
    if (first < len) {
      System.arraycopy(data, off + first, ring, 0, len - first);
    }
    endOffset += len;
    length = Math.min(ring.length, length + len);
  }

  private void rotateTo(int index) {
    base = endOffset - index;
  }

  private int index(long offset) {
    return (int) Math.floorMod(offset - base, (long) ring.length);
  }

  /** True if every byte from {@code offset} on is still here. */
  boolean covers(long offset) {
    return offset >= firstOffset() && offset <= endOffset;
  }

  /** The bytes from {@code offset} to the end; {@link #covers} must hold. */
  byte[] copyFrom(long offset) {
    int n = (int) (endOffset - offset);
    byte[] out = new byte[n];
    int at = index(offset);
    int first = Math.min(n, ring.length - at);
    System.arraycopy(ring, at, out, 0, first);
    if (first < n) {
      System.arraycopy(ring, 0, out, first, n - first);
    }
    return out;
  }

  /** Changes the size, keeping the newest bytes that fit. */
  void resize(int size) {
    if (size == ring.length) {
      return;
    }
    byte[] kept = copyFrom(firstOffset());
    ring = new byte[size];
    long end = endOffset;
    length = 0;
    base = end - kept.length;
    endOffset = end - kept.length;
    append(kept, 0, kept.length);
  }

  /** Forgets the contents; the stream continues at {@code offset}. */
  void reset(long offset) {
    endOffset = offset;
    base = offset;
    length = 0;
  }
}
