package io.belay.backends.persistence.impl;

import io.belay.backends.persistence.RdbFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Buffered reading of RDB primitives from a stream, counting the offset and the CRC-64 of
 * what was consumed. It never reads the stream ahead of need by more than one buffer, and
 * what follows an RDB (the commands after an AOF's RDB preamble) stays readable here.
 */
public final class RdbInput {

  /** Strings longer than this are refused as corrupt before any allocation of their size. */
  private static final long MAX_STRING = Integer.MAX_VALUE - 16;

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private final Lzf lzf = new Lzf();
  private int pos;
  private int limit;
  /** Offset in the stream of buf[0]. */
  private long base;
  private long crc;
  /** buf index up to which crc covers. */
  private int crcPos;

  public RdbInput(InputStream in) {
    this.in = in;
  }

  /** Offset of the next byte to be read. */
  public long offset() {
    return base + pos;
  }

  /** CRC-64 of every byte consumed so far. */
  public long crc() {
    crc = Crc64.update(crc, buf, crcPos, pos - crcPos);
    crcPos = pos;
    return crc;
  }

  public RdbFormatException error(String message) {
    return new RdbFormatException(message, offset());
  }

  /** Fills the buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    crc();
    base += limit;
    pos = 0;
    limit = 0;
    crcPos = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }

  /** The next byte, or -1 at the end of the stream. */
  public int readOrEof() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  public int readByte() throws IOException {
    int b = readOrEof();
    if (b < 0) {
      throw new EOFException("unexpected end of file at byte offset " + offset());
    }
    return b;
  }

  public void readFully(byte[] dst, int off, int len) throws IOException {
    while (len > 0) {
      if (pos == limit && !fill()) {
        throw new EOFException("unexpected end of file at byte offset " + offset());
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(buf, pos, dst, off, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  public byte[] readBytes(long len) throws IOException {
    if (len < 0 || len > MAX_STRING) {
      throw error("invalid string length " + len);
    }
    byte[] b = new byte[(int) len];
    readFully(b, 0, b.length);
    return b;
  }

  public long readLongLE() throws IOException {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) readByte() << (8 * i);
    }
    return v;
  }

  public int readIntLE() throws IOException {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= readByte() << (8 * i);
    }
    return v;
  }

  public double readDoubleLE() throws IOException {
    return Double.longBitsToDouble(readLongLE());
  }

  /** A length, or with {@code encoded[0]} set, the number of a special string encoding. */
  private long readLength(boolean[] encoded) throws IOException {
    int b = readByte();
    int type = (b & 0xC0) >> 6;
    if (type == Rdb.ENCVAL) {
      encoded[0] = true;
      return b & 0x3F;
    }
    encoded[0] = false;
    if (type == Rdb.LEN_6BIT) {
      return b & 0x3F;
    }
    if (type == Rdb.LEN_14BIT) {
      return ((b & 0x3F) << 8) | readByte();
    }
    if (b == Rdb.LEN_32BIT) {
      long v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | readByte();
      }
      return v;
    }
    if (b == Rdb.LEN_64BIT) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | readByte();
      }
      return v;
    }
    throw error("unknown length encoding " + b);
  }

  private final boolean[] encodedFlag = new boolean[1];

  /** A plain length (a count, a database number). */
  public long readLength() throws IOException {
    long v = readLength(encodedFlag);
    if (encodedFlag[0]) {
      throw error("unexpected string encoding where a length was expected");
    }
    return v;
  }

  /** A string in any of its encodings: raw, 8/16/32-bit integer, or LZF-compressed. */
  public byte[] readString() throws IOException {
    long len = readLength(encodedFlag);
    if (!encodedFlag[0]) {
      return readBytes(len);
    }
    switch ((int) len) {
      case Rdb.ENC_INT8 -> {
        return ascii((byte) readByte());
      }
      case Rdb.ENC_INT16 -> {
        int lo = readByte();
        return ascii((short) (lo | (readByte() << 8)));
      }
      case Rdb.ENC_INT32 -> {
        return ascii(readIntLE());
      }
      case Rdb.ENC_LZF -> {
        long clen = readLength();
        long ulen = readLength();
        if (ulen > MAX_STRING) {
          throw error("invalid LZF string length " + ulen);
        }
        long at = offset();
        byte[] compressed = readBytes(clen);
        try {
          return lzf.decompress(compressed, (int) ulen);
        } catch (IOException | RuntimeException e) {
          throw new RdbFormatException("invalid LZF-compressed string", at);
        }
      }
      default -> throw error("unknown string encoding " + len);
    }
  }

  private static byte[] ascii(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  /** rdbLoadDoubleValue: the textual double of the old ZSET type. */
  public double readTextDouble() throws IOException {
    int len = readByte();
    switch (len) {
      case 253:
        return Double.NaN;
      case 254:
        return Double.POSITIVE_INFINITY;
      case 255:
        return Double.NEGATIVE_INFINITY;
      default:
        byte[] b = readBytes(len);
        return Packed.parseScore(b, 0, b.length, this);
    }
  }
}
