package io.belay.protocol;

import static io.belay.protocol.Decoding.byteAtATime;
import static io.belay.protocol.Decoding.bytes;
import static io.belay.protocol.Decoding.replies;
import static io.belay.protocol.Decoding.splitAt;
import static io.belay.protocol.Decoding.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.Decoding.Replies;
import io.belay.protocol.RespValue.Array;
import io.belay.protocol.RespValue.Attribute;
import io.belay.protocol.RespValue.BigNumber;
import io.belay.protocol.RespValue.BulkError;
import io.belay.protocol.RespValue.BulkString;
import io.belay.protocol.RespValue.Error;
import io.belay.protocol.RespValue.Map;
import io.belay.protocol.RespValue.Null;
import io.belay.protocol.RespValue.SimpleString;
import io.belay.protocol.RespValue.Verbatim;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyDecoderTest {

  private static RespValue one(String wire) {
    Replies r = replies(bytes(wire), whole());
    assertNull(r.error(), wire);
    assertEquals(1, r.replies().size(), wire);
    assertEquals(0, r.buffered(), wire);
    return r.replies().get(0);
  }

  private static String error(String wire) {
    return replies(bytes(wire), whole()).error();
  }

  private static RespValue bulk(String s) {
    return RespValue.bulk(s);
  }

  private static RespValue integer(long v) {
    return new RespValue.Integer(v);
  }

  /** One of every type, nested, with attributes: the stream the split tests chew on. */
  static final String EVERY_TYPE = "+OK\r\n-ERR bad thing\r\n:42\r\n:-9223372036854775808\r\n$5\r\nhello\r\n$0\r\n\r\n"
      + "$-1\r\n*-1\r\n_\r\n#t\r\n#f\r\n,3.14\r\n,inf\r\n,-inf\r\n,nan\r\n,1e+17\r\n(3492890328409238509324850943850943825024385\r\n"
      + "=15\r\ntxt:Some string\r\n!21\r\nSYNTAX invalid syntax\r\n*0\r\n%0\r\n~0\r\n"
      + "*3\r\n:1\r\n*2\r\n+a\r\n$1\r\nb\r\n%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n"
      + "|1\r\n+ttl\r\n:3600\r\n$3\r\nval\r\n"
      + "*2\r\n|1\r\n+meta\r\n#t\r\n:7\r\n:8\r\n"
      + ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n";

  @Test
  void shouldDecodeEveryResp2Type() {
    assertEquals(new SimpleString("OK"), one("+OK\r\n"));
    assertEquals(new Error("ERR unknown command 'x'"), one("-ERR unknown command 'x'\r\n"));
    assertEquals("WRONGTYPE", ((Error) one("-WRONGTYPE Operation against a key\r\n")).code());
    assertEquals(integer(-12), one(":-12\r\n"));
    assertEquals(bulk("foo"), one("$3\r\nfoo\r\n"));
    assertEquals(bulk(""), one("$0\r\n\r\n"));
    assertEquals(new Null('$'), one("$-1\r\n"));
    assertEquals(new Null('*'), one("*-1\r\n"));
    assertEquals(new Array(List.of(bulk("a"), integer(1))), one("*2\r\n$1\r\na\r\n:1\r\n"));
  }

  @Test
  void shouldDecodeTheExtremeIntegersRedisCanReply() {
    assertEquals(integer(Long.MIN_VALUE), one(":-9223372036854775808\r\n"));
    assertEquals(integer(Long.MAX_VALUE), one(":9223372036854775807\r\n"));
  }

  @Test
  void shouldDecodeEveryResp3Type() {
    assertEquals(new Null('_'), one("_\r\n"));
    assertEquals(new RespValue.Boolean(true), one("#t\r\n"));
    assertEquals(new RespValue.Boolean(false), one("#f\r\n"));
    assertEquals(new RespValue.Double(3.14), one(",3.14\r\n"));
    assertEquals(new RespValue.Double(1e17), one(",1e+17\r\n"));
    assertEquals(new RespValue.Double(-0.0), one(",-0\r\n"));
    assertEquals(new RespValue.Double(Double.POSITIVE_INFINITY), one(",inf\r\n"));
    assertEquals(new RespValue.Double(Double.NEGATIVE_INFINITY), one(",-inf\r\n"));
    assertTrue(Double.isNaN(((RespValue.Double) one(",nan\r\n")).value()));
    assertEquals(new BigNumber(new BigInteger("3492890328409238509324850943850943825024385")),
        one("(3492890328409238509324850943850943825024385\r\n"));
    assertEquals(new Verbatim("txt", bytes("Some string")), one("=15\r\ntxt:Some string\r\n"));
    assertEquals(new BulkError("SYNTAX invalid syntax"), one("!21\r\nSYNTAX invalid syntax\r\n"));
    assertEquals(new Array('~', List.of(integer(1), integer(2))), one("~2\r\n:1\r\n:2\r\n"));
    assertEquals(new Array('>', List.of(bulk("message"), bulk("ch"), bulk("hi"))),
        one(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"));
    Map map = (Map) one("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n");
    assertEquals(2, map.size());
    assertEquals(List.of(new SimpleString("first"), integer(1), new SimpleString("second"), integer(2)), map.keysAndValues());
  }

  @Test
  void shouldDecodeEmptyAggregates() {
    assertEquals(new Array(List.of()), one("*0\r\n"));
    assertEquals(new Map(List.of()), one("%0\r\n"));
    assertEquals(new Array('~', List.of()), one("~0\r\n"));
  }

  @Test
  void shouldDecodeNestedAggregates() {
    RespValue value = one("*3\r\n:1\r\n*2\r\n+a\r\n*1\r\n$1\r\nb\r\n%1\r\n+k\r\n~2\r\n_\r\n#t\r\n");
    RespValue expected = new Array(List.of(
        integer(1),
        new Array(List.of(new SimpleString("a"), new Array(List.of(bulk("b"))))),
        new Map(List.of(new SimpleString("k"), new Array('~', List.of(new Null('_'), new RespValue.Boolean(true)))))));
    assertEquals(expected, value);
  }

  @Test
  void shouldAttachAnAttributeToTheReplyItDecorates() {
    RespValue value = one("|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n");
    Attribute attribute = (Attribute) value;
    assertEquals(new SimpleString("key-popularity"), attribute.keysAndValues().get(0));
    assertEquals(new Array(List.of(integer(2039123), integer(9543892))), attribute.value());
  }

  @Test
  void shouldAttachAnAttributeInsideAnAggregateToTheNextElement() {
    RespValue value = one("*2\r\n|1\r\n+meta\r\n#t\r\n:7\r\n:8\r\n");
    assertEquals(new Array(List.of(
        new Attribute(List.of(new SimpleString("meta"), new RespValue.Boolean(true)), integer(7)),
        integer(8))), value);
  }

  @Test
  void shouldAcceptAnEmptyAttribute() {
    assertEquals(new Attribute(List.of(), integer(1)), one("|0\r\n:1\r\n"));
  }

  @Test
  void shouldHandOutPipelinedRepliesInOrder() {
    List<RespValue> seen = new ArrayList<>();
    ReplyDecoder decoder = new ReplyDecoder(DecoderLimits.DEFAULTS, seen::add);
    decoder.feed(bytes("+OK\r\n:1\r\n$1\r\nx\r\n*1\r\n"));
    assertEquals(List.of(new SimpleString("OK"), integer(1), bulk("x")), seen);
    assertFalse(decoder.isIdle());
    decoder.feed(bytes(":2\r\n"));
    assertEquals(new Array(List.of(integer(2))), seen.get(3));
    assertTrue(decoder.isIdle());
  }

  @Test
  void shouldDecodeEveryTypeTheSameWayByteAtATime() {
    byte[] input = bytes(EVERY_TYPE);
    Replies expected = replies(input, whole());
    assertNull(expected.error());
    assertEquals(26, expected.replies().size());
    assertEquals(expected, replies(input, byteAtATime()));
  }

  @Test
  void shouldDecodeEveryTypeTheSameWayWhenSplitAtEveryOffset() {
    byte[] input = bytes(EVERY_TYPE);
    Replies expected = replies(input, whole());
    for (int at = 0; at <= input.length; at++) {
      assertEquals(expected, replies(input, splitAt(at)), "split at " + at);
    }
  }

  @Test
  void shouldEnforceTheNestingDepthLimit() {
    DecoderLimits three = new DecoderLimits(1024, 1024, 1024, 3);
    assertNull(replies(three, bytes("*1\r\n*1\r\n*1\r\n:1\r\n"), whole()).error());
    assertEquals("Protocol error: reply nesting deeper than 3",
        replies(three, bytes("*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"), whole()).error());
    assertEquals("Protocol error: reply nesting deeper than 3",
        replies(three, bytes("%1\r\n~1\r\n>1\r\n*1\r\n"), whole()).error());
  }

  @Test
  void shouldNotOverflowTheStackOnADeepAttack() {
    String deep = "*1\r\n".repeat(100_000);
    assertEquals("Protocol error: reply nesting deeper than 128", error(deep));
  }

  @Test
  void shouldRejectMalformedReplies() {
    assertEquals("Protocol error: unknown reply type 'x'", error("x\r\n"));
    assertEquals("Protocol error: unknown reply type '\\x00'", error("\0"));
    assertEquals("Protocol error: invalid integer '12a'", error(":12a\r\n"));
    assertEquals("Protocol error: invalid integer ''", error(":\r\n"));
    assertEquals("Protocol error: invalid integer '-0'", error(":-0\r\n"));
    assertEquals("Protocol error: invalid boolean", error("#x\r\n"));
    assertEquals("Protocol error: invalid boolean", error("#tt\r\n"));
    assertEquals("Protocol error: invalid null", error("_x\r\n"));
    assertEquals("Protocol error: invalid double", error(",abc\r\n"));
    assertEquals("Protocol error: invalid double", error(",1d\r\n"));
    assertEquals("Protocol error: invalid double", error(",Infinity\r\n"));
    assertEquals("Protocol error: invalid double", error(",0x1p3\r\n"));
    assertEquals("Protocol error: invalid double", error(", 1\r\n"));
    assertEquals("Protocol error: invalid big number", error("(12x\r\n"));
    assertEquals("Protocol error: invalid bulk length", error("$-2\r\n"));
    assertEquals("Protocol error: invalid bulk length", error("=-1\r\n"));
    assertEquals("Protocol error: bulk payload not followed by CRLF", error("$3\r\nfooXY"));
    assertEquals("Protocol error: invalid verbatim string", error("=3\r\ntxt\r\n"));
    assertEquals("Protocol error: invalid verbatim string", error("=5\r\ntxt-x\r\n"));
    assertEquals("Protocol error: invalid multibulk length", error("*-2\r\n"));
    assertEquals("Protocol error: invalid multibulk length", error("%-1\r\n"));
    assertTrue(error("$?\r\n").startsWith("Protocol error: invalid integer"), "streamed strings are not RESP Redis sends");
  }

  @Test
  void shouldRejectAMapCountWhoseElementsOverflow() {
    assertEquals("Protocol error: invalid multibulk length", error("%9223372036854775807\r\n"));
    assertEquals("Protocol error: invalid multibulk length", error("|2147483647\r\n"));
  }

  @Test
  void shouldRejectAnOversizedBulkBeforeBufferingIt() {
    Replies r = replies(bytes("$600000000\r\nabc"), whole());
    assertEquals("Protocol error: invalid bulk length", r.error());
    assertTrue(r.buffered() < 64);
  }

  @Test
  void shouldWaitForALargeBulkWithoutReservingItsSize() {
    Replies r = replies(bytes("$536870912\r\nabc"), whole());
    assertNull(r.error());
    assertTrue(r.buffered() < 64, "buffered " + r.buffered());
  }

  @Test
  void shouldAcceptStatusAndErrorLinesLongerThanTheInlineLimit() {
    String status = "x".repeat(100_000);
    assertEquals(new SimpleString(status), one("+" + status + "\r\n"));
    assertEquals(new Error("ERR " + status), one("-ERR " + status + "\r\n"));
    assertEquals(new SimpleString(status), replies(bytes("+" + status + "\r\n"), Decoding.random(new java.util.Random(1), 700))
        .replies().get(0));
  }

  @Test
  void shouldRejectOtherHeaderLinesLongerThanTheInlineLimitWhateverTheSplit() {
    String header = ":" + "1".repeat(70_000) + "\r\n";
    assertEquals("Protocol error: too big reply line", error(header));
    assertEquals("Protocol error: too big reply line", error(header.substring(0, 66_000)));
    assertEquals("Protocol error: too big reply line", error("(" + "1".repeat(70_000) + "\r\n"));
  }

  @Test
  void shouldRefuseInputAfterAProtocolError() {
    ReplyDecoder decoder = new ReplyDecoder(DecoderLimits.DEFAULTS, v -> { });
    assertThrows(ProtocolException.class, () -> decoder.feed(bytes("?\r\n")));
    assertThrows(IllegalStateException.class, () -> decoder.feed(bytes("+OK\r\n")));
  }

  @Test
  void shouldDecodeManyLargeBulksAndGiveTheBufferBack() {
    List<RespValue> seen = new ArrayList<>();
    ReplyDecoder decoder = new ReplyDecoder(DecoderLimits.DEFAULTS, seen::add);
    String big = "y".repeat(300_000);
    for (int i = 0; i < 5; i++) {
      decoder.feed(bytes("$300000\r\n" + big + "\r\n"));
      assertEquals(0, decoder.buffered());
    }
    assertEquals(5, seen.size());
    assertEquals(bulk(big), seen.get(4));
  }
}
