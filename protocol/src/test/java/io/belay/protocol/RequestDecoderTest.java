package io.belay.protocol;

import static io.belay.protocol.Decoding.byteAtATime;
import static io.belay.protocol.Decoding.bytes;
import static io.belay.protocol.Decoding.commands;
import static io.belay.protocol.Decoding.requests;
import static io.belay.protocol.Decoding.splitAt;
import static io.belay.protocol.Decoding.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.Decoding.Requests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

  /** Valid streams mixing every request form, used for the split and byte-at-a-time tests. */
  static final String[] VALID_STREAMS = {
      "*1\r\n$4\r\nPING\r\n",
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
      "PING\r\nSET k v\r\nGET k\n",
      "set \"a b\" 'c\\'d'\r\n*1\r\n$0\r\n\r\n\r\n*0\r\n*-1\r\nECHO \"\\x41\\n\"\r\n",
      "*2\r\n$4\r\nECHO\r\n$9\r\n\r\n\0\r\n\u00ff\u0001*$\r\n",
      "*1\r\n$4\r\nPINGxx*1\rX$4\r\nPING\r\n",
      "   \r\n\n\t\r\nPING\r\n",
  };

  @Test
  void shouldDecodeAMultibulkCommand() {
    Requests r = requests("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
    assertEquals(commands("SET key value"), r.commands());
    assertNull(r.error());
    assertEquals(0, r.buffered());
  }

  @Test
  void shouldKeepBulkPayloadsBinarySafe() {
    byte[] payload = {0, '\r', '\n', (byte) 0xff, '$', '*'};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("*2\r\n$4\r\nECHO\r\n$6\r\n"));
    out.writeBytes(payload);
    out.writeBytes(bytes("\r\n"));
    Requests r = requests(out.toByteArray(), whole());
    assertEquals(List.of(List.of("ECHO", new String(payload, StandardCharsets.ISO_8859_1))), r.commands());
  }

  @Test
  void shouldDecodeAnEmptyBulkArgument() {
    assertEquals(List.of(List.of("")), requests("*1\r\n$0\r\n\r\n").commands());
  }

  @Test
  void shouldSkipTheTwoBytesAfterABulkWithoutCheckingThemLikeRedis() {
    assertEquals(commands("PING", "PING"), requests("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n").commands());
  }

  @Test
  void shouldSkipTheByteAfterTheCarriageReturnOfAHeaderLikeRedis() {
    assertEquals(commands("PING"), requests("*1\rX$4\r\nPING\r\n").commands());
  }

  @Test
  void shouldDecodeInlineCommandsEndedByCrlfOrLf() {
    assertEquals(commands("SET k v", "GET k", "PING"), requests("SET k v\r\nGET   k\nPING\r\n").commands());
  }

  @Test
  void shouldSplitInlineArgumentsWithRedisQuoting() {
    assertEquals(List.of(List.of("set", "a b", "c'd")), requests("set \"a b\" 'c\\'d'\r\n").commands());
    assertEquals(List.of(List.of("A")), requests("\"\\x41\"\r\n").commands());
    assertEquals(List.of(List.of("ECHO", "Ax4g")), requests("ECHO \"\\x41\\x4g\"\r\n").commands());
    assertEquals(List.of(List.of("ECHO", "\n\r\t\b\u0007\\\"q")),
        requests("ECHO \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n").commands());
    assertEquals(List.of(List.of("ECHO", "a\\nb")), requests("ECHO 'a\\nb'\r\n").commands());
    assertEquals(List.of(List.of("ECHO", "ab c")), requests("ECHO a\"b c\"\r\n").commands());
    assertEquals(List.of(List.of("ECHO", "a", "b")), requests("ECHO \"a\"\tb\r\n").commands());
    assertEquals(List.of(List.of("ECHO", "", "")), requests("ECHO \"\" ''\r\n").commands());
  }

  @Test
  void shouldKeepAVerticalTabInsideAnInlineArgumentLikeRedis() {
    assertEquals(List.of(List.of("ECHO", "a\u000bb")), requests("ECHO a\u000bb\r\n").commands());
  }

  @Test
  void shouldTreatALoneCarriageReturnInAnInlineLineAsASeparator() {
    assertEquals(commands("PING PING"), requests("PING\rPING\r\n").commands());
  }

  @Test
  void shouldIgnoreEmptyQueriesAndEmptyOrNegativeMultibulks() {
    assertEquals(commands("PING"), requests("\r\n   \r\n\n*0\r\n*-10\r\nPING\r\n").commands());
  }

  @Test
  void shouldTreatTheSmallestLongAsANegativeMultibulkLength() {
    assertEquals(commands("PING"), requests("*-9223372036854775808\r\nPING\r\n").commands());
  }

  @Test
  void shouldWaitForTheRestOfAnIncompleteCommand() {
    Requests r = requests("*2\r\n$4\r\nECHO\r\n$5\r\nhel");
    assertTrue(r.commands().isEmpty());
    assertNull(r.error());
    assertTrue(r.buffered() > 0);
  }

  @Test
  void shouldWaitForeverOnAnInlineLineWithANulBeforeItsEndLikeRedisStrchr() {
    Requests r = requests("PING\0\r\nPING\r\n");
    assertTrue(r.commands().isEmpty());
    assertNull(r.error());
    assertEquals(13, r.buffered());
  }

  @Test
  void shouldWaitOnALengthLineWithANulBeforeItsEndLikeRedisStrchr() {
    assertTrue(requests("*1\0\r\n$4\r\nPING\r\n").commands().isEmpty());
    assertTrue(requests("*1\r\n$4\0\r\nPING\r\n").commands().isEmpty());
  }

  @Test
  void shouldDecodeEveryStreamTheSameWayByteAtATime() {
    for (String stream : VALID_STREAMS) {
      byte[] input = bytes(stream);
      assertEquals(requests(input, whole()), requests(input, byteAtATime()), stream);
    }
  }

  @Test
  void shouldDecodeEveryStreamTheSameWayWhenSplitAtEveryOffset() {
    for (String stream : VALID_STREAMS) {
      byte[] input = bytes(stream);
      Requests expected = requests(input, whole());
      for (int at = 0; at <= input.length; at++) {
        assertEquals(expected, requests(input, splitAt(at)), stream + " split at " + at);
      }
    }
  }

  @Test
  void shouldDecodeAPipelineOfTenThousandCommandsInOneBuffer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = 12_000;
    for (int i = 0; i < n; i++) {
      String key = "key:" + i;
      String line = i % 3 == 0
          ? "SET " + key + " v" + i + "\r\n"
          : "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + ("v" + i).length() + "\r\nv" + i + "\r\n";
      out.writeBytes(bytes(line));
    }
    Requests r = requests(out.toByteArray(), whole());
    assertNull(r.error());
    assertEquals(n, r.commands().size());
    for (int i = 0; i < n; i++) {
      assertEquals(List.of("SET", "key:" + i, "v" + i), r.commands().get(i));
    }
    assertEquals(0, r.buffered());
  }

  @Test
  void shouldAcceptTheUnauthenticatedLimitsExactly() {
    StringBuilder ten = new StringBuilder("*10\r\n");
    for (int i = 0; i < 10; i++) {
      ten.append("$1\r\na\r\n");
    }
    Requests r = requests(DecoderLimits.DEFAULTS, d -> d.setAuthenticated(false), bytes(ten.toString()), whole());
    assertEquals(1, r.commands().size());
    String big = "x".repeat(16384);
    Requests bulk = requests(DecoderLimits.DEFAULTS, d -> d.setAuthenticated(false),
        bytes("*2\r\n$4\r\nAUTH\r\n$16384\r\n" + big + "\r\n"), whole());
    assertEquals(List.of(List.of("AUTH", big)), bulk.commands());
  }

  @Test
  void shouldHoldCommandsWhilePausedAndHandThemOutOnResume() {
    List<List<String>> seen = new ArrayList<>();
    RequestDecoder[] holder = new RequestDecoder[1];
    RequestDecoder decoder = new RequestDecoder(DecoderLimits.DEFAULTS, args -> {
      seen.add(Decoding.strings(args));
      if (seen.size() == 1) {
        holder[0].pause();
      }
    });
    holder[0] = decoder;
    decoder.feed(bytes("BLPOP q 0\r\nGET a\r\nGET b\r\n"));
    assertEquals(commands("BLPOP q 0"), seen);
    assertTrue(decoder.isPaused());
    decoder.feed(bytes("GET c\r\n"));
    assertEquals(1, seen.size());
    decoder.resume();
    assertEquals(commands("BLPOP q 0", "GET a", "GET b", "GET c"), seen);
  }

  @Test
  void shouldRefuseInputAfterAProtocolError() {
    RequestDecoder decoder = new RequestDecoder(DecoderLimits.DEFAULTS, args -> { });
    assertThrows(ProtocolException.class, () -> decoder.feed(bytes("*x\r\n")));
    assertThrows(IllegalStateException.class, () -> decoder.feed(bytes("PING\r\n")));
  }

  @Test
  void shouldGiveBackTheLargeBufferOfABigArgument() {
    RequestDecoder decoder = new RequestDecoder(DecoderLimits.DEFAULTS, args -> { });
    String big = "x".repeat(1_000_000);
    decoder.feed(bytes("*2\r\n$4\r\nECHO\r\n$1000000\r\n" + big + "\r\nPI"));
    assertEquals(2, decoder.buffered());
    decoder.feed(bytes("NG\r\n"));
    assertEquals(0, decoder.buffered());
  }

  @Test
  void shouldReportTheProtocolErrorAsRedisRepliesIt() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> new RequestDecoder(DecoderLimits.DEFAULTS, args -> { }).feed(bytes("*1\r\nfoo\r\n")));
    assertEquals("ERR Protocol error: expected '$', got 'f'", e.errorReply());
  }
}
