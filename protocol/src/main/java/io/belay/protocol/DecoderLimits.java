package io.belay.protocol;

/**
 * Bounds a decoder enforces before it allocates anything, so that a peer cannot make us
 * reserve memory it never sends. The defaults are redis-server's.
 *
 * @param maxBulkLength      largest bulk string ({@code proto-max-bulk-len}, 512 MB)
 * @param maxMultibulkLength most elements in one request array ({@code INT_MAX} since Redis 7.0; the
 *                           decoder never reserves room for elements that have not arrived)
 * @param maxInlineLength    longest inline command or header line (64 KB, {@code PROTO_INLINE_MAX_SIZE})
 * @param maxDepth           deepest nesting of aggregate replies
 */
public record DecoderLimits(long maxBulkLength, int maxMultibulkLength, int maxInlineLength, int maxDepth) {

  public static final long DEFAULT_MAX_BULK_LENGTH = 512L * 1024 * 1024;
  public static final int DEFAULT_MAX_MULTIBULK_LENGTH = Integer.MAX_VALUE;
  public static final int DEFAULT_MAX_INLINE_LENGTH = 64 * 1024;
  public static final int DEFAULT_MAX_DEPTH = 128;

  /** Redis's limits for a client that has not authenticated yet (networking.c). */
  public static final int UNAUTHENTICATED_MAX_MULTIBULK_LENGTH = 10;
  public static final long UNAUTHENTICATED_MAX_BULK_LENGTH = 16384;

  public static final DecoderLimits DEFAULTS = new DecoderLimits(
      DEFAULT_MAX_BULK_LENGTH, DEFAULT_MAX_MULTIBULK_LENGTH, DEFAULT_MAX_INLINE_LENGTH, DEFAULT_MAX_DEPTH);

  public DecoderLimits {
    if (maxBulkLength < 1 || maxMultibulkLength < 1 || maxInlineLength < 16 || maxDepth < 1) {
      throw new IllegalArgumentException("decoder limits must be positive: " + maxBulkLength + ", "
          + maxMultibulkLength + ", " + maxInlineLength + ", " + maxDepth);
    }
  }

  public DecoderLimits withMaxBulkLength(long bytes) {
    return new DecoderLimits(bytes, maxMultibulkLength, maxInlineLength, maxDepth);
  }
}
