package io.belay.protocol;

import static io.belay.protocol.Decoding.byteAtATime;
import static io.belay.protocol.Decoding.bytes;
import static io.belay.protocol.Decoding.commands;
import static io.belay.protocol.Decoding.requests;
import static io.belay.protocol.Decoding.splitAt;
import static io.belay.protocol.Decoding.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.Decoding.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The malformed requests of Redis's tests/unit/protocol.tcl and their neighbours, each with
 * the exact error redis-server 7.0 replies ({@code RequestDecoderRedisIT} asks a live server
 * the same questions).
 */
class RequestDecoderProtocolErrorTest {

  private static final String PAYLOAD = "payload".repeat(10_000); // > 64 KB, no line end

  /** Malformed streams: the commands before the error, then the error. */
  static final String[][] MALFORMED = {
      {"*3000000000\r\n", "Protocol error: invalid multibulk length"},
      {"*2147483648\r\n", "Protocol error: invalid multibulk length"},
      {"*-9223372036854775809\r\n", "Protocol error: invalid multibulk length"},
      {"*\r\n", "Protocol error: invalid multibulk length"},
      {"*+1\r\n", "Protocol error: invalid multibulk length"},
      {"*01\r\n", "Protocol error: invalid multibulk length"},
      {"*1 \r\n", "Protocol error: invalid multibulk length"},
      {"*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "Protocol error: expected '$', got 'f'"},
      {"*1\r\nfoo\r\n", "Protocol error: expected '$', got 'f'"},
      {"*1\r\n\r\n", "Protocol error: expected '$', got ' '"},
      {"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$-10\r\n", "Protocol error: invalid bulk length"},
      {"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$2000000000\r\n", "Protocol error: invalid bulk length"},
      {"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$blabla\r\n", "Protocol error: invalid bulk length"},
      {"*1\r\n$\r\n", "Protocol error: invalid bulk length"},
      {"*1\r\n$4 \r\nPING\r\n", "Protocol error: invalid bulk length"},
      {"set \"\"\"test-key\"\"\" test-value\r\nping\r\n", "Protocol error: unbalanced quotes in request"},
      {"ECHO \"a\"b\r\n", "Protocol error: unbalanced quotes in request"},
      {"ECHO 'a'b\r\n", "Protocol error: unbalanced quotes in request"},
      {"ECHO \"a\\\"\r\n", "Protocol error: unbalanced quotes in request"},
      {"ECHO \"a\\\r\n", "Protocol error: unbalanced quotes in request"},
      {"\"\r\n", "Protocol error: unbalanced quotes in request"},
      {"\0" + PAYLOAD, "Protocol error: too big inline request"},
      {"*\0" + PAYLOAD, "Protocol error: too big mbulk count string"},
      {"$\0" + PAYLOAD, "Protocol error: too big inline request"},
      {"PING\0\r\n" + PAYLOAD, "Protocol error: too big inline request"},
      {"*1\r\n$\0" + PAYLOAD, "Protocol error: too big bulk count string"},
  };

  @Test
  void shouldRejectEveryMalformedRequestWithRedisWording() {
    for (String[] c : MALFORMED) {
      Requests r = requests(c[0]);
      assertEquals(c[1], r.error(), printable(c[0]));
    }
  }

  @Test
  void shouldRejectEveryMalformedRequestTheSameWayWhateverTheSplit() {
    for (String[] c : MALFORMED) {
      byte[] input = bytes(c[0]);
      Requests expected = requests(input, whole()).withoutBuffered();
      if (input.length < 200) {
        assertEquals(expected, requests(input, byteAtATime()).withoutBuffered(), printable(c[0]));
        for (int at = 0; at <= input.length; at++) {
          assertEquals(expected, requests(input, splitAt(at)).withoutBuffered(), printable(c[0]) + " at " + at);
        }
      } else {
        assertEquals(expected, requests(input, Decoding.random(new java.util.Random(7), 4096)).withoutBuffered());
      }
    }
  }

  @Test
  void shouldRunTheCommandsBeforeAProtocolErrorLikeRedis() {
    Requests r = requests("PING\r\n*1\r\n$4\r\nPING\r\n*1\r\nfoo\r\nPING\r\n");
    assertEquals(commands("PING", "PING"), r.commands());
    assertEquals("Protocol error: expected '$', got 'f'", r.error());
  }

  @Test
  void shouldRejectAnInlineRequestOver64KbWithoutANewline() {
    Requests r = requests("GET " + "k".repeat(70_000));
    assertEquals("Protocol error: too big inline request", r.error());
  }

  @Test
  void shouldApplyTheInlineLimitAsIfBytesArrivedOneAtATime() {
    String fits = "ECHO " + "a".repeat(65536 - 5) + "\n";
    assertEquals(List.of(List.of("ECHO", "a".repeat(65531))), requests(fits).commands());
    String over = "ECHO " + "a".repeat(65536 - 4) + "\n";
    assertEquals("Protocol error: too big inline request", requests(over).error(),
        "one byte over fails even though its newline came in the same read");
    assertEquals("Protocol error: too big inline request", requests(bytes(over), byteAtATime()).error());
  }

  @Test
  void shouldRejectAMultibulkCountStringOver64Kb() {
    assertEquals("Protocol error: too big mbulk count string", requests("*" + "1".repeat(70_000)).error());
  }

  @Test
  void shouldRejectABulkCountStringOver64Kb() {
    assertEquals("Protocol error: too big bulk count string", requests("*1\r\n$" + "1".repeat(70_000)).error());
    assertEquals("Protocol error: too big bulk count string",
        requests("*1\r\n$" + "1".repeat(70_000) + "\r\n").error(), "however the line arrives");
  }

  @Test
  void shouldRejectNegativeBulkLengthBeforeAllocating() {
    Requests r = requests("*1\r\n$-1\r\n");
    assertEquals("Protocol error: invalid bulk length", r.error());
  }

  @Test
  void shouldRejectABulkOverProtoMaxBulkLenBeforeBufferingIt() {
    Requests r = requests("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$600000000\r\n");
    assertEquals("Protocol error: invalid bulk length", r.error());
    assertTrue(r.buffered() < 64, "buffered " + r.buffered());
  }

  @Test
  void shouldAcceptABulkAtProtoMaxBulkLenWithoutReservingItsSize() {
    Requests r = requests("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nabc");
    assertNull(r.error());
    assertTrue(r.buffered() < 64, "buffered " + r.buffered());
  }

  @Test
  void shouldHonourAConfiguredProtoMaxBulkLen() {
    DecoderLimits limits = DecoderLimits.DEFAULTS.withMaxBulkLength(10);
    assertNull(requests(limits, d -> { }, bytes("*1\r\n$10\r\n0123456789\r\n"), whole()).error());
    assertEquals("Protocol error: invalid bulk length",
        requests(limits, d -> { }, bytes("*1\r\n$11\r\n"), whole()).error());
  }

  @Test
  void shouldRejectAMultibulkOverTenElementsBeforeAuthentication() {
    Requests r = requests(DecoderLimits.DEFAULTS, d -> d.setAuthenticated(false), bytes("*11\r\n"), whole());
    assertEquals("Protocol error: unauthenticated multibulk length", r.error());
  }

  @Test
  void shouldRejectABulkOver16KbBeforeAuthentication() {
    Requests r = requests(DecoderLimits.DEFAULTS, d -> d.setAuthenticated(false),
        bytes("*2\r\n$4\r\nAUTH\r\n$16385\r\n"), whole());
    assertEquals("Protocol error: unauthenticated bulk length", r.error());
  }

  @Test
  void shouldCheckTheBulkLengthRangeBeforeTheAuthenticationLimit() {
    Requests r = requests(DecoderLimits.DEFAULTS, d -> d.setAuthenticated(false),
        bytes("*1\r\n$600000000\r\n"), whole());
    assertEquals("Protocol error: invalid bulk length", r.error());
  }

  @Test
  void shouldLiftTheLimitsOnceAuthenticated() {
    Requests r = requests(DecoderLimits.DEFAULTS, d -> {
      d.setAuthenticated(false);
      d.setAuthenticated(true);
    }, bytes("*11\r\n" + "$1\r\na\r\n".repeat(11)), whole());
    assertEquals(1, r.commands().size());
  }

  static String printable(String s) {
    String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return shown.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
  }
}
