package io.belay.protocol;

import static io.belay.protocol.Decoding.bytes;
import static io.belay.protocol.Decoding.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.protocol.Decoding.Requests;
import io.belay.protocol.testing.RedisServerProcess;
import io.belay.protocol.testing.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request decoder and a live redis-server given the same bytes: same commands, same errors. */
class RequestDecoderRedisIT {

  private static RedisServerProcess server;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldFailEveryMalformedRequestWithTheErrorRedisReplies() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (String[] c : RequestDecoderProtocolErrorTest.MALFORMED) {
      Requests ours = requests(c[0]);
      List<RespValue> replies = new ArrayList<>();
      try (RespClient client = server.connect()) {
        try {
          client.send(bytes(c[0]));
        } catch (IOException e) {
          // the server may close while a long stream is still being written
        }
        try {
          while (true) {
            replies.add(client.read());
          }
        } catch (IOException e) {
          // closed after the error, as Redis does on a protocol error
        }
      }
      RespValue last = replies.isEmpty() ? null : replies.get(replies.size() - 1);
      RespValue expected = new RespValue.Error("ERR " + ours.error());
      if (!expected.equals(last) || replies.size() != ours.commands().size() + 1) {
        mismatches.add(RequestDecoderProtocolErrorTest.printable(c[0]) + ": redis " + replies + ", ours " + ours);
      }
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  @Test
  void shouldSplitInlineArgumentsExactlyAsRedis() throws Exception {
    String[] arguments = {
        "\"a b\"", "'c\\'d'", "\"\\x41\"", "\"\\x41\\x4g\"", "\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"", "'a\\nb'",
        "a\"b c\"", "\"\"", "''", "a\u000bb", "\"\\xff\\x00\"", "'\\\\'",
    };
    for (String argument : arguments) {
      String line = "ECHO " + argument + "\r\n";
      Requests ours = requests(line);
      try (RespClient client = server.connect()) {
        client.send(bytes(line));
        RespValue reply = client.read();
        RespValue expected = ours.error() != null
            ? new RespValue.Error("ERR " + ours.error())
            : new RespValue.BulkString(bytes(ours.commands().get(0).get(1)));
        assertEquals(expected, reply, line);
      }
    }
  }

  @Test
  void shouldWaitLikeRedisWhenANulHidesTheEndOfALine() throws Exception {
    String[] streams = {"PING\0\r\nPING\r\n", "*1\0\r\n$4\r\nPING\r\n", "*1\r\n$4\0\r\nPING\r\n"};
    for (String stream : streams) {
      Requests ours = requests(stream);
      assertTrue(ours.commands().isEmpty());
      assertNull(ours.error());
      try (RespClient client = server.connect()) {
        client.send(bytes(stream));
        assertFalse(client.closedWithin(300), "redis closed on " + RequestDecoderProtocolErrorTest.printable(stream));
      }
    }
  }

  @Test
  void shouldTreatEmptyAndNegativeRequestsAsRedisDoes() throws Exception {
    String stream = "\r\n   \r\n*0\r\n*-10\r\n*-9223372036854775808\r\n*1\r\n$4\r\nPINGxx*1\rX$4\r\nPING\r\n";
    Requests ours = requests(stream);
    assertEquals(2, ours.commands().size());
    try (RespClient client = server.connect()) {
      client.send(bytes(stream));
      assertEquals(new RespValue.SimpleString("PONG"), client.read());
      assertEquals(new RespValue.SimpleString("PONG"), client.read());
      assertFalse(client.closedWithin(200));
    }
  }
}
