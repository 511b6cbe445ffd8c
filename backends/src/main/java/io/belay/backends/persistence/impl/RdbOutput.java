package io.belay.backends.persistence.impl;

import io.belay.protocol.impl.Numbers;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * RDB primitives written into a buffer that is handed on in chunks of about
 * {@code chunkSize} bytes, keeping the running CRC-64 of everything handed on.
 */
public final class RdbOutput {

  private final Consumer<byte[]> chunks;
  private final int chunkSize;
  private final Lzf lzf;
  private byte[] buf;
  private int size;
  private long crc;
  private long emitted;

  /** @param compress LZF-compress strings longer than 20 bytes (rdbcompression yes) */
  public RdbOutput(Consumer<byte[]> chunks, int chunkSize, boolean compress) {
    this.chunks = chunks;
    this.chunkSize = chunkSize;
    this.lzf = compress ? new Lzf() : null;
    this.buf = new byte[Math.max(64, chunkSize + chunkSize / 4)];
  }

  /** Bytes produced so far, handed on or still buffered. */
  public long length() {
    return emitted + size;
  }

  /** The CRC-64 of every byte handed on so far; {@link #flush()} first. */
  public long crc() {
    return crc;
  }

  /** Hands the buffered bytes on if they make a chunk. */
  public void maybeFlush() {
    if (size >= chunkSize) {
      flush();
    }
  }

  /** Hands on whatever is buffered. */
  public void flush() {
    if (size == 0) {
      return;
    }
    byte[] chunk = Arrays.copyOf(buf, size);
    crc = Crc64.update(crc, chunk, 0, chunk.length);
    emitted += size;
    size = 0;
    chunks.accept(chunk);
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void write(byte[] b, int offset, int length) {
    if (length > chunkSize && size + length > buf.length) {
      // a large value goes out in pieces instead of growing the buffer to its size
      while (length > 0) {
        int n = Math.min(length, chunkSize);
        ensure(n);
        System.arraycopy(b, offset, buf, size, n);
        size += n;
        offset += n;
        length -= n;
        maybeFlush();
      }
      return;
    }
    ensure(length);
    System.arraycopy(b, offset, buf, size, length);
    size += length;
  }

  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** Little-endian, as Redis writes millisecond times, checksums and binary doubles. */
  public void writeLongLE(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeDoubleLE(double d) {
    writeLongLE(Double.doubleToLongBits(d));
  }

  /** rdbSaveLen: 6 bits, 14 bits, or a marker then 32 or 64 bits big-endian. */
  public void writeLength(long len) {
    ensure(9);
    if (len < (1 << 6)) {
      buf[size++] = (byte) len;
    } else if (len < (1 << 14)) {
      buf[size++] = (byte) (((len >>> 8) & 0xFF) | (Rdb.LEN_14BIT << 6));
      buf[size++] = (byte) len;
    } else if (len <= 0xFFFFFFFFL) {
      buf[size++] = (byte) Rdb.LEN_32BIT;
      for (int i = 3; i >= 0; i--) {
        buf[size++] = (byte) (len >>> (8 * i));
      }
    } else {
      buf[size++] = (byte) Rdb.LEN_64BIT;
      for (int i = 7; i >= 0; i--) {
        buf[size++] = (byte) (len >>> (8 * i));
      }
    }
  }

  /**
   * rdbSaveRawString: an integer of up to 32 bits as an integer encoding, a long string LZF
   * compressed when that saves space, anything else length-prefixed.
   */
  public void writeString(byte[] s) {
    if (s.length <= 11 && writeIntegerEncoded(s)) {
      return;
    }
    if (lzf != null && s.length > 20) {
      byte[] compressed = lzf.compress(s);
      if (compressed != null) {
        writeByte((Rdb.ENCVAL << 6) | Rdb.ENC_LZF);
        writeLength(compressed.length);
        writeLength(s.length);
        write(compressed);
        return;
      }
    }
    writeLength(s.length);
    write(s);
  }

  public void writeString(String s) {
    writeString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A string that reads back as the integer {@code v} (aux fields such as redis-bits). */
  public void writeIntegerString(long v) {
    writeString(Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private boolean writeIntegerEncoded(byte[] s) {
    long v = Numbers.parseLong(s);
    if (v == Numbers.INVALID) {
      return false;
    }
    ensure(5);
    if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      buf[size++] = (byte) ((Rdb.ENCVAL << 6) | Rdb.ENC_INT8);
      buf[size++] = (byte) v;
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      buf[size++] = (byte) ((Rdb.ENCVAL << 6) | Rdb.ENC_INT16);
      buf[size++] = (byte) v;
      buf[size++] = (byte) (v >>> 8);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      buf[size++] = (byte) ((Rdb.ENCVAL << 6) | Rdb.ENC_INT32);
      for (int i = 0; i < 4; i++) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    } else {
      return false;
    }
    return true;
  }
}
