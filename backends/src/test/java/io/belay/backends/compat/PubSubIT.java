package io.belay.backends.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.backends.testing.DifferentialTest;
import io.belay.backends.testing.RawClient;
import io.belay.protocol.RespValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class PubSubIT extends DifferentialTest {

  @Test
  void shouldDeliverMessagesToChannelAndPatternSubscribers() throws Exception {
    for (int port : new int[] {redis.port(), belay.port()}) {
      try (RawClient sub = new RawClient(port); RawClient pub = new RawClient(port)) {
        sub.send("SUBSCRIBE", "news", "sport");
        List<RespValue> confirms = sub.read(2);
        sub.send("PSUBSCRIBE", "n*");
        confirms.add(sub.read());
        assertEquals(RespValue.bulk("subscribe"), ((RespValue.Array) confirms.get(0)).elements().get(0));
        assertEquals(new RespValue.Integer(3), ((RespValue.Array) confirms.get(2)).elements().get(2));
        assertEquals(new RespValue.Integer(2), pub.call("PUBLISH", "news", "hello"));
        RespValue first = sub.read();
        RespValue second = sub.read();
        assertEquals(new RespValue.Array(List.of(RespValue.bulk("message"), RespValue.bulk("news"),
            RespValue.bulk("hello"))), first);
        assertEquals(new RespValue.Array(List.of(RespValue.bulk("pmessage"), RespValue.bulk("n*"),
            RespValue.bulk("news"), RespValue.bulk("hello"))), second);
        RespValue refused = sub.call("GET", "x");
        assertEquals(RespValue.Error.class, refused.getClass());
        sub.send("UNSUBSCRIBE");
        sub.read(2);
        sub.send("PUNSUBSCRIBE");
        sub.read();
        assertEquals(new RespValue.SimpleString("PONG"), sub.call("PING"));
      }
    }
  }

  @Test
  void shouldRefuseCommandsInSubscribedModeWithRedisWording() throws Exception {
    oracle.send("SUBSCRIBE", "c");
    subject.send("SUBSCRIBE", "c");
    assertEquals(oracle.read(), subject.read());
    same("SET", "a", "b");
    same("PING");
    oracle.send("UNSUBSCRIBE");
    subject.send("UNSUBSCRIBE");
    assertEquals(oracle.read(), subject.read());
  }

  @Test
  void shouldSendPushesInResp3() throws Exception {
    both("HELLO", "3");
    oracle.send("SUBSCRIBE", "c");
    subject.send("SUBSCRIBE", "c");
    assertEquals(oracle.read(), subject.read());
    same("PING");
    oracle.send("UNSUBSCRIBE", "c");
    subject.send("UNSUBSCRIBE", "c");
    assertEquals(oracle.read(), subject.read());
    both("HELLO", "2");
  }
}
