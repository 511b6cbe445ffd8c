package io.belay.protocol.bench;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.RequestDecoder;
import io.belay.protocol.RespWriter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decodes pipelined {@code SET k v} commands fed in 16 KB chunks, as a socket would deliver
 * them, and prints commands per second and the heap in use before and after: the decoder
 * must run in flat memory however long the pipeline. Not a test; run it by hand (see
 * protocol/README.md). Arguments: {@code [commands] [chunkBytes] [rounds]}.
 */
public final class DecodeThroughput {

  private static final int WARMUP_ROUNDS = 3;

  private DecodeThroughput() {
  }

  public static void main(String[] argv) {
    long commands = argv.length > 0 ? Long.parseLong(argv[0]) : 1_000_000;
    int chunk = argv.length > 1 ? Integer.parseInt(argv[1]) : 16 * 1024;
    int rounds = argv.length > 2 ? Integer.parseInt(argv[2]) : 5;

    byte[] command = new RespWriter().command("SET", "k", "v").drain();
    // A block of whole commands that is also a whole number of chunks, so chunks never wrap.
    byte[] block = new byte[command.length * chunk];
    for (int i = 0; i < chunk; i++) {
      System.arraycopy(command, 0, block, i * command.length, command.length);
    }
    long totalBytes = commands * command.length;

    System.out.printf(Locale.ROOT, "decoding %,d pipelined SET k v commands (%,d bytes) in %,d-byte chunks%n",
        commands, totalBytes, chunk);
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      run(block, chunk, totalBytes, commands);
    }
    long before = usedHeap();
    double[] rates = new double[rounds];
    long maxUsed = 0;
    for (int i = 0; i < rounds; i++) {
      Result r = run(block, chunk, totalBytes, commands);
      rates[i] = r.commands * 1e9 / r.nanos;
      maxUsed = Math.max(maxUsed, r.maxUsedHeap);
      System.out.printf(Locale.ROOT, "round %d: %,.0f commands/s (%.1f ms), decoder holding %d bytes at the end%n",
          i + 1, rates[i], r.nanos / 1e6, r.buffered);
    }
    long after = usedHeap();
    Arrays.sort(rates);
    System.out.printf(Locale.ROOT, "median %,.0f commands/s, best %,.0f commands/s%n", rates[rounds / 2], rates[rounds - 1]);
    System.out.printf(Locale.ROOT,
        "heap used after GC: before %,d KB, after %,d KB (highest sampled during the runs, garbage included: %,d KB)%n",
        before / 1024, after / 1024, maxUsed / 1024);
  }

  private record Result(long commands, long nanos, int buffered, long maxUsedHeap) {
  }

  private static Result run(byte[] block, int chunk, long totalBytes, long expected) {
    long[] count = {0};
    RequestDecoder decoder = new RequestDecoder(DecoderLimits.DEFAULTS, args -> {
      if (args.length == 3) {
        count[0]++;
      }
    });
    long maxUsed = 0;
    long start = System.nanoTime();
    long fed = 0;
    int offset = 0;
    long chunks = 0;
    while (fed < totalBytes) {
      int n = (int) Math.min(chunk, totalBytes - fed);
      decoder.feed(block, offset, n);
      fed += n;
      offset = (offset + n) % block.length;
      if ((++chunks & 1023) == 0) {
        maxUsed = Math.max(maxUsed, usedHeapNow());
      }
    }
    long nanos = System.nanoTime() - start;
    if (count[0] != expected) {
      throw new IllegalStateException("decoded " + count[0] + " commands, expected " + expected);
    }
    return new Result(count[0], nanos, decoder.buffered(), maxUsed);
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return usedHeapNow();
  }

  private static long usedHeapNow() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
