package io.belay.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.belay.protocol.Decoding.Chunker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The framer against {@link ReplyDecoder} as the oracle: on valid, random and mutated input, in
 * any split, it cuts the stream exactly where the decoder completes a reply (each piece decodes
 * to the decoder's value), and fails where the decoder fails, with the same message.
 */
class ReplyFramerTest {

  private static final DecoderLimits SMALL = new DecoderLimits(100, 20, 32, 4);

  /** What the framer cut out, and the error that stopped it. */
  private record Framed(List<byte[]> pieces, String error) {
  }

  private static Framed frame(DecoderLimits limits, byte[] input, Chunker chunker) {
    List<byte[]> pieces = new ArrayList<>();
    ReplyFramer framer = new ReplyFramer(limits,
        (buf, start, end) -> pieces.add(Arrays.copyOfRange(buf, start, end)));
    String error = null;
    int offset = 0;
    try {
      while (offset < input.length) {
        int n = chunker.next(offset, input.length - offset);
        framer.feed(input, offset, n);
        offset += n;
      }
    } catch (ProtocolException e) {
      error = e.getMessage();
    }
    return new Framed(pieces, error);
  }

  private static void check(String what, DecoderLimits limits, byte[] input, Chunker chunker) {
    Decoding.Replies oracle = Decoding.replies(limits, input, Decoding.whole());
    Framed framed;
    try {
      framed = frame(limits, input, chunker);
    } catch (RuntimeException | StackOverflowError e) {
      fail(what + " threw " + e + " on input " + HexFormat.of().formatHex(input), e);
      return;
    }
    String context = what + ", input " + HexFormat.of().formatHex(input);
    assertEquals(oracle.error(), framed.error(), context);
    assertEquals(oracle.replies().size(), framed.pieces().size(), context);
    int consumed = 0;
    for (int i = 0; i < framed.pieces().size(); i++) {
      byte[] piece = framed.pieces().get(i);
      assertArrayEquals(Arrays.copyOfRange(input, consumed, consumed + piece.length), piece,
          context + ": pieces are consecutive bytes of the input");
      consumed += piece.length;
      Decoding.Replies alone = Decoding.replies(limits, piece, Decoding.whole());
      assertEquals(List.of(oracle.replies().get(i)), alone.replies(), context + ", reply " + i);
      assertEquals(0, alone.buffered(), context + ", reply " + i + " is complete");
    }
  }

  @Test
  void shouldCutEveryTypeWhereTheDecoderCompletesAReplyWhateverTheSplit() {
    byte[] input = ReplyDecoderTest.EVERY_TYPE.getBytes(StandardCharsets.ISO_8859_1);
    check("whole", DecoderLimits.DEFAULTS, input, Decoding.whole());
    check("byte at a time", DecoderLimits.DEFAULTS, input, Decoding.byteAtATime());
    for (int at = 1; at < input.length; at++) {
      check("split at " + at, DecoderLimits.DEFAULTS, input, Decoding.splitAt(at));
    }
  }

  @Test
  void shouldKeepAnAttributeWithTheReplyItDecorates() {
    Framed framed = frame(DecoderLimits.DEFAULTS,
        Decoding.bytes("|1\r\n+ttl\r\n:3600\r\n$3\r\nval\r\n+OK\r\n"), Decoding.byteAtATime());
    assertEquals(2, framed.pieces().size());
    assertEquals("|1\r\n+ttl\r\n:3600\r\n$3\r\nval\r\n",
        new String(framed.pieces().get(0), StandardCharsets.ISO_8859_1));
  }

  @Test
  void shouldFailMalformedRepliesAsTheDecoderDoes() {
    String[] malformed = {"x\r\n", "\0", ":12a\r\n", ":\r\n", ":-0\r\n", "#x\r\n", "#tt\r\n",
        "_x\r\n", ",abc\r\n", ",1d\r\n", ",Infinity\r\n", ", 1\r\n", "(12x\r\n", "(\r\n",
        "$-2\r\n", "=-1\r\n", "$3\r\nfooXY", "=3\r\ntxt\r\n", "=5\r\ntxt-x\r\n", "*-2\r\n",
        "%-1\r\n", "$?\r\n", "%9223372036854775807\r\n", "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
        "$" + "9".repeat(200) + "\r\n"};
    for (String wire : malformed) {
      byte[] input = Decoding.bytes(wire);
      check(wire, SMALL, input, Decoding.whole());
      check(wire + " byte at a time", SMALL, input, Decoding.byteAtATime());
      assertNotNull(frame(SMALL, input, Decoding.whole()).error(), wire);
    }
  }

  @Test
  void shouldAgreeWithTheDecoderOnRandomValuesAndMutations() {
    Random random = new Random(0xF4A3E);
    byte[] protocolBytes = "*$+-:_#,(=!~>%|\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < 5_000; i++) {
      RespWriter writer = new RespWriter();
      writer.setProtocol(random.nextBoolean() ? 3 : 2);
      int n = 1 + random.nextInt(4);
      for (int j = 0; j < n; j++) {
        writer.value(RespWriterTest.RandomValues.value(random, 1));
      }
      byte[] input = writer.drain();
      if (random.nextBoolean() && input.length > 0) {
        input[random.nextInt(input.length)] = random.nextBoolean()
            ? (byte) random.nextInt(256) : protocolBytes[random.nextInt(protocolBytes.length)];
      }
      DecoderLimits limits = random.nextBoolean() ? DecoderLimits.DEFAULTS : SMALL;
      check("case " + i, limits, input, Decoding.random(new Random(random.nextLong()),
          1 + random.nextInt(64)));
    }
  }

  @Test
  void shouldGiveTheBufferOfALargeReplyBack() {
    byte[] big = new byte[300_000];
    Arrays.fill(big, (byte) 'x');
    RespWriter writer = new RespWriter();
    writer.bulk(big).ok();
    byte[] input = writer.drain();
    List<Integer> lengths = new ArrayList<>();
    ReplyFramer framer = new ReplyFramer(DecoderLimits.DEFAULTS,
        (buf, start, end) -> lengths.add(end - start));
    for (int offset = 0; offset < input.length; offset += 1000) {
      framer.feed(input, offset, Math.min(1000, input.length - offset));
    }
    assertEquals(List.of(big.length + 11, 5), lengths);
    assertTrue(framer.isIdle());
    framer.feed(Decoding.bytes("+OK"));
    assertFalse(framer.isIdle());
  }
}
