package io.belay.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.belay.protocol.Decoding.Chunker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input, fed in random pieces: the decoders may only ever throw
 * {@link ProtocolException}, and how the input is split never changes what comes out.
 * Seeded and bounded by iteration count, so a failure replays exactly.
 */
class DecoderFuzzTest {

  private static final int RANDOM_ITERATIONS = 20_000;
  private static final int MUTATION_ITERATIONS = 20_000;
  private static final byte[] PROTOCOL_BYTES = "*$+-:_#,(=!~>%|?\r\n\r\n0123456789-- \"'\\xtf\0".getBytes(StandardCharsets.ISO_8859_1);

  /** Small limits reach the limit checks with small inputs; the defaults are what runs in production. */
  private static final DecoderLimits[] LIMITS = {
      DecoderLimits.DEFAULTS,
      new DecoderLimits(100, 20, 32, 4),
  };

  @Test
  void shouldOnlyThrowProtocolExceptionOnRandomBytes() {
    Random random = new Random(0xBE1A7);
    for (int i = 0; i < RANDOM_ITERATIONS; i++) {
      byte[] input = new byte[random.nextInt(300)];
      boolean protocolish = random.nextBoolean();
      for (int j = 0; j < input.length; j++) {
        input[j] = protocolish ? PROTOCOL_BYTES[random.nextInt(PROTOCOL_BYTES.length)] : (byte) random.nextInt(256);
      }
      check("random #" + i, input, random);
    }
  }

  @Test
  void shouldOnlyThrowProtocolExceptionOnMutatedValidFrames() {
    Random random = new Random(0x5EED);
    List<byte[]> corpus = corpus(random);
    for (int i = 0; i < MUTATION_ITERATIONS; i++) {
      byte[] input = corpus.get(random.nextInt(corpus.size()));
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        input = mutate(input, random, corpus);
      }
      check("mutation #" + i, input, random);
    }
  }

  @Test
  void shouldDecodeUnmutatedFramesTheSameWayInRandomPieces() {
    Random random = new Random(7);
    for (byte[] frame : corpus(random)) {
      check("valid frame", frame, random);
    }
  }

  private static void check(String what, byte[] input, Random random) {
    DecoderLimits limits = LIMITS[random.nextInt(LIMITS.length)];
    boolean authenticated = random.nextInt(4) != 0;
    Chunker chunker = Decoding.random(new Random(random.nextLong()), 1 + random.nextInt(64));
    Decoding.Requests wholeRequests = guarded(what, input,
        () -> Decoding.requests(limits, d -> d.setAuthenticated(authenticated), input, Decoding.whole()));
    Decoding.Requests chunkedRequests = guarded(what, input,
        () -> Decoding.requests(limits, d -> d.setAuthenticated(authenticated), input, chunker));
    if (wholeRequests.error() != null) {
      wholeRequests = wholeRequests.withoutBuffered();
      chunkedRequests = chunkedRequests.withoutBuffered();
    }
    assertEquals(wholeRequests, chunkedRequests, what + " requests, input " + hex(input));
    Decoding.Replies wholeReplies = guarded(what, input, () -> Decoding.replies(limits, input, Decoding.whole()));
    Decoding.Replies chunkedReplies = guarded(what, input, () -> Decoding.replies(limits, input, chunker));
    if (wholeReplies.error() != null) {
      wholeReplies = wholeReplies.withoutBuffered();
      chunkedReplies = chunkedReplies.withoutBuffered();
    }
    assertEquals(wholeReplies, chunkedReplies, what + " replies, input " + hex(input));
  }

  /** Runs a decode; anything thrown past the decoders' own ProtocolException fails the test. */
  private static <T> T guarded(String what, byte[] input, Supplier<T> decode) {
    try {
      return decode.get();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      fail(what + " threw " + e + " on input " + hex(input), e);
      return null;
    }
  }

  private static List<byte[]> corpus(Random random) {
    List<byte[]> corpus = new ArrayList<>();
    for (String s : RequestDecoderTest.VALID_STREAMS) {
      corpus.add(s.getBytes(StandardCharsets.ISO_8859_1));
    }
    for (String[] c : RequestDecoderProtocolErrorTest.MALFORMED) {
      if (c[0].length() < 200) {
        corpus.add(c[0].getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    corpus.add(ReplyDecoderTest.EVERY_TYPE.getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < 200; i++) {
      RespWriter writer = new RespWriter();
      writer.setProtocol(random.nextBoolean() ? 3 : 2);
      int n = 1 + random.nextInt(4);
      for (int j = 0; j < n; j++) {
        if (random.nextBoolean()) {
          writer.value(RespWriterTest.RandomValues.value(random, 1));
        } else {
          writer.command("SET", "key:" + random.nextInt(100), "v" + random.nextInt());
        }
      }
      byte[] frame = writer.drain();
      if (frame.length < 2000) {
        corpus.add(frame);
      }
    }
    return corpus;
  }

  private static byte[] mutate(byte[] input, Random r, List<byte[]> corpus) {
    if (input.length == 0) {
      return new byte[] {PROTOCOL_BYTES[r.nextInt(PROTOCOL_BYTES.length)]};
    }
    int at = r.nextInt(input.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 16);
    switch (r.nextInt(8)) {
      case 0: { // replace a byte
        byte[] copy = input.clone();
        copy[at] = r.nextBoolean() ? (byte) r.nextInt(256) : PROTOCOL_BYTES[r.nextInt(PROTOCOL_BYTES.length)];
        return copy;
      }
      case 1: // insert a byte
        out.write(input, 0, at);
        out.write(PROTOCOL_BYTES[r.nextInt(PROTOCOL_BYTES.length)]);
        out.write(input, at, input.length - at);
        return out.toByteArray();
      case 2: // delete a byte
        out.write(input, 0, at);
        out.write(input, at + 1, input.length - at - 1);
        return out.toByteArray();
      case 3: { // duplicate a slice
        int length = Math.min(input.length - at, 1 + r.nextInt(16));
        out.write(input, 0, at + length);
        out.write(input, at, input.length - at);
        return out.toByteArray();
      }
      case 4: // truncate
        return Arrays.copyOf(input, at);
      case 5: { // put a large or negative number where a digit was
        for (int i = at; i < input.length; i++) {
          if (input[i] >= '0' && input[i] <= '9') {
            String[] numbers = {"-1", "-2", "0", "2147483647", "2147483648", "9223372036854775807",
                "-9223372036854775808", "99999999999999999999", "536870913", "00"};
            out.write(input, 0, i);
            out.writeBytes(numbers[r.nextInt(numbers.length)].getBytes(StandardCharsets.US_ASCII));
            out.write(input, i + 1, input.length - i - 1);
            return out.toByteArray();
          }
        }
        return input;
      }
      case 6: { // splice with another frame
        byte[] other = corpus.get(r.nextInt(corpus.size()));
        out.write(input, 0, at);
        int from = r.nextInt(other.length + 1);
        out.write(other, from, other.length - from);
        return out.toByteArray();
      }
      default: { // swap two bytes
        byte[] copy = input.clone();
        int other = r.nextInt(input.length);
        byte t = copy[at];
        copy[at] = copy[other];
        copy[other] = t;
        return copy;
      }
    }
  }

  private static String hex(byte[] input) {
    return HexFormat.of().formatHex(input, 0, Math.min(input.length, 400));
  }
}
