package io.belay.backends.persistence.impl;

import com.ning.compress.lzf.ChunkDecoder;
import com.ning.compress.lzf.LZFException;
import com.ning.compress.lzf.impl.VanillaChunkDecoder;
import com.ning.compress.lzf.impl.VanillaChunkEncoder;
import java.util.Arrays;

/**
 * Raw LZF blocks as redis-server's bundled liblzf reads and writes them (no compress-lzf
 * "ZV" chunk headers). compress-lzf encodes 64 KiB at most per call; LZF back-references are
 * relative and never reach before the block they were made in, so blocks compressed one
 * after another concatenate into one valid raw stream of any length.
 */
public final class Lzf {

  private static final int SEGMENT = 0xFFFF;

  /** Exposes compress-lzf's raw block encoder, which its public API wraps in chunk headers. */
  private static final class RawEncoder extends VanillaChunkEncoder {
    RawEncoder() {
      super(SEGMENT);
    }

    int compress(byte[] in, int from, int to, byte[] out, int outPos) {
      return tryCompress(in, from, to, out, outPos);
    }
  }

  private final RawEncoder encoder = new RawEncoder();
  private final ChunkDecoder decoder = new VanillaChunkDecoder();
  private byte[] scratch = new byte[0];

  /**
   * Compresses {@code in} as Redis does before writing a long string: the result is used only
   * if it is at most {@code length - 4} bytes (rdbSaveLzfStringObject), else null.
   */
  public byte[] compress(byte[] in) {
    int length = in.length;
    if (length <= 4) {
      return null;
    }
    int limit = length - 4;
    int worst = length + length / 32 + 64;
    if (scratch.length < worst) {
      scratch = new byte[worst];
    }
    int out = 0;
    for (int from = 0; from < length; from += SEGMENT) {
      int to = Math.min(length, from + SEGMENT);
      if (to - from < 16) {
        out = literals(in, from, to, scratch, out);
      } else {
        out = encoder.compress(in, from, to, scratch, out);
      }
      if (out > limit) {
        return null;
      }
    }
    return Arrays.copyOf(scratch, out);
  }

  /** A short tail the encoder will not take: emitted as literal runs of at most 32 bytes. */
  private static int literals(byte[] in, int from, int to, byte[] out, int pos) {
    while (from < to) {
      int run = Math.min(32, to - from);
      out[pos++] = (byte) (run - 1);
      System.arraycopy(in, from, out, pos, run);
      pos += run;
      from += run;
    }
    return pos;
  }

  /** Expands a raw block that must produce exactly {@code length} bytes. */
  public byte[] decompress(byte[] in, int length) throws LZFException {
    byte[] out = new byte[length];
    decoder.decodeChunk(in, 0, in.length, out, 0, length);
    return out;
  }
}
