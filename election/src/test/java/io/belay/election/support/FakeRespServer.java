package io.belay.election.support;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.RequestDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A RESP server whose answers a test scripts: the responder gets each command's arguments and
 * returns the raw reply, or null to leave the command unanswered (a stalled backend).
 */
public final class FakeRespServer implements AutoCloseable {

  public final List<String> received = new CopyOnWriteArrayList<>();
  public volatile Function<List<String>, String> responder;
  private final NetServer server;

  public FakeRespServer(Vertx vertx, Function<List<String>, String> responder)
      throws java.util.concurrent.TimeoutException {
    this.responder = responder;
    this.server = vertx.createNetServer().connectHandler(socket -> {
      RequestDecoder decoder = new RequestDecoder(DecoderLimits.DEFAULTS, args -> {
        List<String> command = new ArrayList<>();
        for (byte[] a : args) {
          command.add(new String(a, StandardCharsets.UTF_8));
        }
        received.add(String.join(" ", command));
        String reply = this.responder.apply(command);
        if (reply != null) {
          socket.write(Buffer.buffer(reply));
        }
      });
      socket.handler(b -> decoder.feed(b.getBytes()));
    });
    server.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  public static String bulk(String s) {
    return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
  }

  @Override
  public void close() throws java.util.concurrent.TimeoutException {
    server.close().await(5, TimeUnit.SECONDS);
  }
}
