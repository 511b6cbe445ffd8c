package io.belay.backends.server;

import io.belay.backends.command.Client;
import io.belay.backends.command.ClientTransport;
import io.belay.backends.command.Engine;
import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ProtocolException;
import io.belay.protocol.RequestDecoder;
import io.vertx.core.Context;
import java.util.ArrayDeque;

/**
 * What every client connection of a backend does, whatever carries its bytes: bytes in →
 * {@link RequestDecoder} → {@link Engine} → the client's reply buffer → one transmission per
 * batch of input, so a pipeline of commands costs one write, not one per command. Replies
 * wait behind the engine's reply barrier (the AOF) when it holds them. Runs on the engine's
 * context.
 */
abstract class ClientConnection implements ClientTransport {

  protected final Engine engine;
  protected final Client client;
  private final RequestDecoder decoder;
  private final Context context;
  /** Replies held by the engine's {@link io.belay.backends.command.ReplyBarrier}. */
  private final ArrayDeque<HeldReplies> held = new ArrayDeque<>();
  private boolean closeAfterHeld;
  protected boolean closed;

  ClientConnection(Engine engine, Context context) {
    this.engine = engine;
    this.context = context;
    this.client = engine.connect(this);
    this.decoder = new RequestDecoder(
        DecoderLimits.DEFAULTS.withMaxBulkLength(engine.settings().protoMaxBulkLen()), this::onCommand);
    decoder.setAuthenticated(client.isAuthenticated());
  }

  /** Sends reply bytes to the peer. */
  protected abstract void transmit(byte[] replies);

  /** Closes the underlying channel. */
  protected abstract void closeChannel();

  /** Feeds received bytes; a protocol error is answered, then the connection closes. */
  protected final void receive(byte[] data, int offset, int length) {
    if (closed) {
      return;
    }
    engine.stats().netInputBytes += length;
    try {
      decoder.feed(data, offset, length);
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
  public final void flush(Client c) {
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
    if (!closed) {
      engine.stats().netOutputBytes += replies.length;
      transmit(replies);
    }
  }

  @Override
  public final void close(Client c) {
    if (!held.isEmpty()) {
      closeAfterHeld = true;
      return;
    }
    if (!closed) {
      closed = true;
      closeChannel();
    }
  }

  @Override
  public final void setReading(Client c, boolean reading) {
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

  /** The peer is gone: the engine forgets the client. */
  protected final void closed() {
    closed = true;
    engine.disconnect(client);
  }
}
