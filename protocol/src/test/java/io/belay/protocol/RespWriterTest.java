package io.belay.protocol;

import static io.belay.protocol.Decoding.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.belay.protocol.RespValue.Array;
import io.belay.protocol.RespValue.Attribute;
import io.belay.protocol.RespValue.BigNumber;
import io.belay.protocol.RespValue.BulkError;
import io.belay.protocol.RespValue.BulkString;
import io.belay.protocol.RespValue.Map;
import io.belay.protocol.RespValue.Null;
import io.belay.protocol.RespValue.SimpleString;
import io.belay.protocol.RespValue.Verbatim;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RespWriterTest {

  private static String written(int protocol, Consumer<RespWriter> write) {
    RespWriter writer = new RespWriter(4);
    writer.setProtocol(protocol);
    write.accept(writer);
    return new String(writer.drain(), StandardCharsets.ISO_8859_1);
  }

  private static void both(String resp2, String resp3, Consumer<RespWriter> write) {
    assertEquals(resp2, written(2, write), "RESP2");
    assertEquals(resp3, written(3, write), "RESP3");
  }

  @Test
  void shouldWriteTheTypesBothProtocolsShare() {
    both("+OK\r\n", "+OK\r\n", RespWriter::ok);
    both("-ERR no\r\n", "-ERR no\r\n", w -> w.error("ERR no"));
    both(":0\r\n:9999\r\n:10000\r\n:-1\r\n:-9223372036854775808\r\n", ":0\r\n:9999\r\n:10000\r\n:-1\r\n:-9223372036854775808\r\n",
        w -> w.integer(0).integer(9999).integer(10000).integer(-1).integer(Long.MIN_VALUE));
    both("$3\r\nfoo\r\n$0\r\n\r\n", "$3\r\nfoo\r\n$0\r\n\r\n", w -> w.bulk("foo").bulk(new byte[0]));
    both("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*2\r\n$1\r\na\r\n$1\r\nb\r\n", w -> w.array(List.of(bytes("a"), bytes("b"))));
  }

  @Test
  void shouldDegradeResp3TypesTheWayRedisDoesForResp2() {
    both("*4\r\n", "%2\r\n", w -> w.mapHeader(2));
    both("*3\r\n", "~3\r\n", w -> w.setHeader(3));
    both("*3\r\n", ">3\r\n", w -> w.pushHeader(3));
    both("$4\r\n3.14\r\n", ",3.14\r\n", w -> w.doubleValue("3.14"));
    both(":1\r\n:0\r\n", "#t\r\n#f\r\n", w -> w.bool(true).bool(false));
    both("$-1\r\n", "_\r\n", RespWriter::nullBulk);
    both("*-1\r\n", "_\r\n", RespWriter::nullArray);
    both("$-1\r\n", "_\r\n", w -> w.bulk((String) null));
    both("$2\r\nhi\r\n", "=6\r\ntxt:hi\r\n", w -> w.verbatim("txt", bytes("hi")));
    both("$20\r\n12345678901234567890\r\n", "(12345678901234567890\r\n", w -> w.bigNumber("12345678901234567890"));
    both("-SYNTAX bad\r\n", "!10\r\nSYNTAX bad\r\n", w -> w.bulkError("SYNTAX bad"));
  }

  @Test
  void shouldDropAttributesInResp2() {
    RespValue attributed = new Attribute(List.of(new SimpleString("ttl"), new RespValue.Integer(5)), RespValue.bulk("v"));
    both("$1\r\nv\r\n", "|1\r\n+ttl\r\n:5\r\n$1\r\nv\r\n", w -> w.value(attributed));
  }

  @Test
  void shouldReplaceNewlinesInStatusAndErrorLinesLikeRedis() {
    both("+a  b\r\n", "+a  b\r\n", w -> w.simpleString("a\r\nb"));
    both("-ERR x y\r\n", "-ERR x y\r\n", w -> w.error("ERR x\ny"));
  }

  @Test
  void shouldWriteNonAsciiTextAsUtf8() {
    String text = "caf\u00e9 \ud83d\ude00";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    RespWriter writer = new RespWriter();
    writer.simpleString(text);
    byte[] out = writer.drain();
    assertEquals(utf8.length + 3, out.length);
    assertEquals(new SimpleString(text), decodeOne(out));
  }

  @Test
  void shouldRejectAVerbatimFormatThatIsNotThreeCharacters() {
    RespWriter writer = new RespWriter();
    writer.setProtocol(3);
    assertThrows(IllegalArgumentException.class, () -> writer.verbatim("text", bytes("x")));
    assertThrows(IllegalArgumentException.class, () -> writer.verbatim("t:x", bytes("x")));
  }

  @Test
  void shouldEncodeCommandsTheRequestDecoderReadsBack() {
    RespWriter writer = new RespWriter();
    writer.command("SET", "k", "v a l").command(bytes("GET"), bytes("k"));
    List<List<String>> commands = Decoding.requests(writer.drain(), Decoding.whole()).commands();
    assertEquals(List.of(List.of("SET", "k", "v a l"), List.of("GET", "k")), commands);
  }

  @Test
  void shouldTruncateBackToAMark() {
    RespWriter writer = new RespWriter();
    writer.ok();
    int mark = writer.size();
    writer.arrayHeader(2).bulk("half");
    writer.truncate(mark);
    writer.integer(1);
    assertEquals("+OK\r\n:1\r\n", new String(writer.drain(), StandardCharsets.US_ASCII));
    assertEquals(0, writer.size());
  }

  @Test
  void shouldRoundTripRandomValuesThroughTheReplyDecoderInResp3() {
    Random random = new Random(20240601);
    for (int i = 0; i < 2000; i++) {
      RespValue value = RandomValues.value(random, 0);
      RespWriter writer = new RespWriter();
      writer.setProtocol(3);
      writer.value(value);
      assertEquals(resp3(value), decodeOne(writer.drain()), value.toString());
    }
  }

  @Test
  void shouldRoundTripRandomValuesThroughTheReplyDecoderInResp2() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      RespValue value = RandomValues.value(random, 0);
      RespWriter writer = new RespWriter();
      writer.value(value);
      assertEquals(resp2(value), decodeOne(writer.drain()), value.toString());
    }
  }

  @Test
  void shouldRoundTripAPipelineOfRandomValuesSplitRandomly() {
    Random random = new Random(99);
    List<RespValue> values = new ArrayList<>();
    RespWriter writer = new RespWriter();
    writer.setProtocol(3);
    for (int i = 0; i < 500; i++) {
      RespValue value = RandomValues.value(random, 0);
      values.add(resp3(value));
      writer.value(value);
    }
    Decoding.Replies replies = Decoding.replies(writer.drain(), Decoding.random(random, 64));
    assertNull(replies.error());
    assertEquals(values, replies.replies());
  }

  private static RespValue decodeOne(byte[] wire) {
    Decoding.Replies r = Decoding.replies(wire, Decoding.whole());
    assertNull(r.error());
    assertEquals(1, r.replies().size());
    assertEquals(0, r.buffered());
    return r.replies().get(0);
  }

  /** What a value reads back as after a RESP3 round trip: every null is {@code _}. */
  static RespValue resp3(RespValue v) {
    if (v instanceof Null) {
      return new Null('_');
    }
    if (v instanceof Array a) {
      return new Array(a.marker(), a.elements().stream().map(RespWriterTest::resp3).toList());
    }
    if (v instanceof Map m) {
      return new Map(m.keysAndValues().stream().map(RespWriterTest::resp3).toList());
    }
    if (v instanceof Attribute a) {
      return new Attribute(a.keysAndValues().stream().map(RespWriterTest::resp3).toList(), resp3(a.value()));
    }
    return v;
  }

  /** What a value reads back as after a RESP2 round trip: Redis's degradations. */
  static RespValue resp2(RespValue v) {
    if (v instanceof Null n) {
      return new Null(n.marker() == '*' ? '*' : '$');
    }
    if (v instanceof Array a) {
      return new Array(a.elements().stream().map(RespWriterTest::resp2).toList());
    }
    if (v instanceof Map m) {
      return new Array(m.keysAndValues().stream().map(RespWriterTest::resp2).toList());
    }
    if (v instanceof Attribute a) {
      return resp2(a.value());
    }
    if (v instanceof BulkError e) {
      return new RespValue.Error(e.message().replace('\r', ' ').replace('\n', ' ')); // one line in RESP2
    }
    if (v instanceof RespValue.Boolean b) {
      return new RespValue.Integer(b.value() ? 1 : 0);
    }
    if (v instanceof RespValue.Double d) {
      return new BulkString(doubleText(d.value()));
    }
    if (v instanceof BigNumber n) {
      return RespValue.bulk(n.value().toString());
    }
    if (v instanceof Verbatim t) {
      return new BulkString(t.text());
    }
    return v;
  }

  private static byte[] doubleText(double d) {
    RespWriter writer = new RespWriter();
    writer.setProtocol(3);
    writer.value(new RespValue.Double(d));
    byte[] wire = writer.drain();
    return java.util.Arrays.copyOfRange(wire, 1, wire.length - 2);
  }

  /** Random reply values of every type, nested a few levels. */
  static final class RandomValues {

    private RandomValues() {
    }

    static RespValue value(Random r, int depth) {
      int kind = r.nextInt(depth < 3 ? 15 : 10);
      switch (kind) {
        case 0:
          return new SimpleString(text(r, false));
        case 1:
          return new RespValue.Error("ERR " + text(r, false));
        case 2:
          return new RespValue.Integer(r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(20_000) - 100);
        case 3:
          return new BulkString(binary(r));
        case 4:
          return new Null("$*_".charAt(r.nextInt(3)));
        case 5:
          return new RespValue.Double(aDouble(r));
        case 6:
          return new RespValue.Boolean(r.nextBoolean());
        case 7:
          return new BigNumber(new BigInteger(1 + r.nextInt(200), r).subtract(BigInteger.valueOf(r.nextInt(1000))));
        case 8:
          return new Verbatim(r.nextBoolean() ? "txt" : "mkd", binary(r));
        case 9:
          return new BulkError("SYNTAX " + text(r, true));
        case 10:
        case 11:
          return new Array("*~>".charAt(r.nextInt(3)), values(r, depth, r.nextInt(5)));
        case 12:
        case 13:
          return new Map(values(r, depth, 2 * r.nextInt(4)));
        default:
          return new Attribute(values(r, depth, 2 * r.nextInt(3)), value(r, depth + 1));
      }
    }

    private static List<RespValue> values(Random r, int depth, int n) {
      List<RespValue> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        RespValue v = value(r, depth + 1);
        out.add(v instanceof Attribute a && r.nextBoolean() ? a.value() : v);
      }
      return out;
    }

    private static double aDouble(Random r) {
      switch (r.nextInt(8)) {
        case 0:
          return Double.POSITIVE_INFINITY;
        case 1:
          return Double.NEGATIVE_INFINITY;
        case 2:
          return Double.NaN;
        case 3:
          return r.nextBoolean() ? 0.0 : -0.0;
        case 4:
          return r.nextInt(1000);
        case 5:
          return Double.longBitsToDouble(r.nextLong());
        default:
          return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
      }
    }

    /** Text without CR or LF, including multi-byte characters; {@code allowNewlines} for bulk errors. */
    private static String text(Random r, boolean allowNewlines) {
      int n = r.nextInt(12);
      StringBuilder sb = new StringBuilder();
      String alphabet = allowNewlines ? "ab \r\n\u00e9\u4e2d" : "abcXYZ 019_-:\u00e9\u4e2d";
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      if (r.nextInt(20) == 0) {
        sb.append("\ud83d\ude00");
      }
      return sb.toString();
    }

    private static byte[] binary(Random r) {
      byte[] out = new byte[r.nextInt(10) == 0 ? r.nextInt(5000) : r.nextInt(16)];
      r.nextBytes(out);
      return out;
    }
  }
}
