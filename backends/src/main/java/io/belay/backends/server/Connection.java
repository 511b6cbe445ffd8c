package io.belay.backends.server;

import io.belay.backends.command.Client;
import io.belay.backends.command.ClientTransport;
import io.belay.backends.command.Engine;
import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ProtocolException;
import io.belay.protocol.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;

/**
 * One client socket of a backend: bytes in → {@link RequestDecoder} → {@link Engine} →
 * the client's reply buffer → one socket write per batch of input, so a pipeline of
 * commands costs one write, not one per command.
 */
final class Connection implements ClientTransport {

  private final NetSocket socket;
  private final Engine engine;
  private final Client client;
  private final RequestDecoder decoder;
  private final String remote;
  private final String local;
  private final ServerMetrics metrics;
  private final Context context;
  private byte[] chunk = new byte[16 * 1024];
  private boolean closed;
  private boolean socketPaused;
  /** Replies held by the engine's {@link io.belay.backends.command.ReplyBarrier}. */
  private final ArrayDeque<HeldReplies> held = new ArrayDeque<>();
  private boolean closeAfterHeld;
  /** Bytes written to the socket whose write has not completed yet. */
  private long pendingBytes;

  Connection(NetSocket socket, Engine engine, ServerMetrics metrics) {
    this.socket = socket;
    this.engine = engine;
    this.metrics = metrics;
    this.context = Vertx.currentContext();
    this.remote = socket.remoteAddress().host() + ":" + socket.remoteAddress().port();
    this.local = socket.localAddress().host() + ":" + socket.localAddress().port();
    this.client = engine.connect(this);
    this.decoder = new RequestDecoder(
        DecoderLimits.DEFAULTS.withMaxBulkLength(engine.settings().protoMaxBulkLen()), this::onCommand);
    decoder.setAuthenticated(client.isAuthenticated());
    socket.handler(this::onData);
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(e -> socket.close());
    socket.drainHandler(v -> resumeSocket());
  }

  Client client() {
    return client;
  }

  private void onData(Buffer data) {
    if (closed) {
      return;
    }
    ByteBuf buf = ((BufferInternal) data).getByteBuf();
    int length = buf.readableBytes();
    metrics.bytesIn(length);
    engine.stats().netInputBytes += length;
    if (chunk.length < length) {
      chunk = new byte[Math.max(length, chunk.length * 2)];
    }
    buf.getBytes(buf.readerIndex(), chunk, 0, length);
    try {
      decoder.feed(chunk, 0, length);
    } catch (ProtocolException e) {
      client.out.error(e.errorReply());
      flush(client);
      close(client);
      return;
    }
    flush(client);
  }

  private void onCommand(byte[][] args) {
    if (closed) {
      return;
    }
    Client.ReplyMode mode = client.replyMode();
    int mark = client.out.size();
    engine.execute(client, args);
    if (mode != Client.ReplyMode.ON && client.replyMode() != Client.ReplyMode.ON) {
      client.out.truncate(mark);
    }
    if (mode == Client.ReplyMode.SKIP && client.replyMode() == Client.ReplyMode.SKIP) {
      client.setReplyOn();
    }
    decoder.setAuthenticated(client.isAuthenticated());
    if (client.closing()) {
      flush(client);
      close(client);
      decoder.pause();
    }
  }

  @Override
  public void flush(Client c) {
    if (closed || c.out.isEmpty()) {
      return;
    }
    byte[] replies = c.out.drain();
    long ticket = engine.replyBarrier().ticket();
    if (ticket == 0 && held.isEmpty()) {
      send(replies);
      return;
    }
    // these replies wait until the AOF has the writes made before them
    long last = held.isEmpty() ? 0 : held.peekLast().ticket();
    held.add(new HeldReplies(replies, Math.max(ticket, last)));
    if (ticket > last) {
      engine.replyBarrier().whenDurable(ticket, durable -> release(ticket, durable));
    }
  }

  /** Replies queued behind a reply-barrier ticket, in the order they were produced. */
  private record HeldReplies(byte[] bytes, long ticket) {
  }

  private void release(long ticket, boolean durable) {
    if (!durable) {
      // the writes these replies acknowledge may be lost: say nothing rather than lie
      held.clear();
      closeAfterHeld = false;
      close(client);
      return;
    }
    while (!held.isEmpty() && held.peek().ticket() <= ticket) {
      send(held.poll().bytes());
    }
    if (held.isEmpty() && closeAfterHeld) {
      close(client);
    }
  }

  private void send(byte[] replies) {
    if (closed) {
      return;
    }
    int size = replies.length;
    metrics.bytesOut(size);
    engine.stats().netOutputBytes += size;
    pendingBytes += size;
    socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(replies))).onComplete(ar -> pendingBytes -= size);
    if (socket.writeQueueFull() && !socketPaused) {
      // The client is not reading its replies: stop reading its commands until it does.
      socketPaused = true;
      socket.pause();
    }
  }

  private void resumeSocket() {
    if (socketPaused && !closed) {
      socketPaused = false;
      if (!client.isBlocked()) {
        socket.resume();
      }
    }
  }

  @Override
  public void close(Client c) {
    if (!held.isEmpty()) {
      closeAfterHeld = true;
      return;
    }
    if (!closed) {
      closed = true;
      socket.close();
    }
  }

  @Override
  public void setReading(Client c, boolean reading) {
    if (reading) {
      // On the next turn of the loop: the engine may be in the middle of serving others.
      context.runOnContext(v -> {
        if (!closed && !client.isBlocked()) {
          decoder.resume();
          flush(c);
        }
      });
    } else {
      decoder.pause();
    }
  }

  @Override
  public long pendingWriteBytes() {
    return pendingBytes;
  }

  @Override
  public String remoteAddress() {
    return remote;
  }

  @Override
  public String localAddress() {
    return local;
  }

  private void onClose() {
    closed = true;
    engine.disconnect(client);
    metrics.disconnected();
  }
}
