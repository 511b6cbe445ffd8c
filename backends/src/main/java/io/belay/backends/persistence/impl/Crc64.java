package io.belay.backends.persistence.impl;

/**
 * Redis's CRC-64 (Jones polynomial, reflected, initial value 0, no final xor): the checksum
 * at the end of every RDB file. {@code crc64(0, "123456789")} is {@code 0xe9c6d914c4b8d9ca}.
 * Table-driven, eight bytes per step (slicing-by-8), since a snapshot checksums every byte.
 */
public final class Crc64 {

  /** The Jones polynomial 0xad93d23594c935a9, bit-reversed for the reflected algorithm. */
  private static final long POLY = 0x95ac9329ac4bc9b5L;
  private static final long[][] TABLE = new long[8][256];

  static {
    for (int n = 0; n < 256; n++) {
      long crc = n;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
      }
      TABLE[0][n] = crc;
    }
    for (int n = 0; n < 256; n++) {
      long crc = TABLE[0][n];
      for (int k = 1; k < 8; k++) {
        crc = TABLE[0][(int) (crc & 0xff)] ^ (crc >>> 8);
        TABLE[k][n] = crc;
      }
    }
  }

  private Crc64() {
  }

  /** Continues {@code crc} over {@code data[offset, offset + length)}. */
  public static long update(long crc, byte[] data, int offset, int length) {
    int i = offset;
    int end = offset + length;
    long[][] t = TABLE;
    while (end - i >= 8) {
      crc ^= (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16
          | (data[i + 3] & 0xffL) << 24 | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40
          | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56;
      crc = t[7][(int) (crc & 0xff)] ^ t[6][(int) ((crc >>> 8) & 0xff)] ^ t[5][(int) ((crc >>> 16) & 0xff)]
          ^ t[4][(int) ((crc >>> 24) & 0xff)] ^ t[3][(int) ((crc >>> 32) & 0xff)]
          ^ t[2][(int) ((crc >>> 40) & 0xff)] ^ t[1][(int) ((crc >>> 48) & 0xff)] ^ t[0][(int) (crc >>> 56)];
      i += 8;
    }
    for (; i < end; i++) {
      crc = t[0][(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
    }
    return crc;
  }

  public static long of(byte[] data) {
    return update(0, data, 0, data.length);
  }
}
