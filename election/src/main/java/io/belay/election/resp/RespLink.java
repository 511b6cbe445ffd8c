package io.belay.election.resp;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ProtocolException;
import io.belay.protocol.ReplyDecoder;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import io.belay.routing.BackendRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One RESP connection to a backend that pipelines commands and hands back replies in order.
 * Used by probes and by control commands; all calls and completions happen on the context that
 * connected it.
 *
 * <p>At most {@link #MAX_PENDING} commands may await replies: the election sends a handful per
 * probe round, so a deeper queue means the backend has stalled and the caller should give up on
 * the link rather than queue more.
 */
public final class RespLink {

  /** Enough for a probe round plus a control command; anything beyond is a stalled backend. */
  public static final int MAX_PENDING = 32;

  /** Replies the election reads are small; INFO is a few KB. 16 MB guards against a bad peer. */
  private static final DecoderLimits LIMITS = DecoderLimits.DEFAULTS.withMaxBulkLength(16 << 20);

  private final BackendRef backend;
  private final NetSocket socket;
  private final ArrayDeque<Promise<RespValue>> pending = new ArrayDeque<>();
  private final ReplyDecoder decoder;
  private boolean closed;

  private RespLink(BackendRef backend, NetSocket socket) {
    this.backend = backend;
    this.socket = socket;
    this.decoder = new ReplyDecoder(LIMITS, this::onReply);
    socket.handler(this::onData);
    socket.closeHandler(v -> failAll("connection to " + backend.address() + " closed"));
    socket.exceptionHandler(e -> close());
  }

  /** Connects with the client's connect timeout; completes on the caller's context. */
  public static Future<RespLink> connect(NetClient client, BackendRef backend) {
    return client.connect(backend.port(), backend.host()).map(s -> new RespLink(backend, s));
  }

  public BackendRef backend() {
    return backend;
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Sends one command; the future fails if the link closes first. */
  public Future<RespValue> send(String... command) {
    return pipeline(List.<String[]>of(command)).map(replies -> replies.get(0));
  }

  /** Sends commands in one write; completes with their replies in order, or fails as a whole. */
  public Future<List<RespValue>> pipeline(List<String[]> commands) {
    if (closed) {
      return Future.failedFuture(new LinkClosedException(
          "connection to " + backend.address() + " is closed"));
    }
    if (pending.size() + commands.size() > MAX_PENDING) {
      return Future.failedFuture(new LinkClosedException(
          backend.address() + " has " + pending.size() + " unanswered commands"));
    }
    RespWriter out = new RespWriter(64 * commands.size());
    List<Future<RespValue>> replies = new ArrayList<>(commands.size());
    for (String[] command : commands) {
      out.command(command);
      Promise<RespValue> p = Promise.promise();
      pending.add(p);
      replies.add(p.future());
    }
    socket.write(Buffer.buffer(out.drain()));
    return Future.all(replies).map(all -> {
      List<RespValue> values = new ArrayList<>(all.size());
      for (int i = 0; i < all.size(); i++) {
        values.add(all.resultAt(i));
      }
      return values;
    });
  }

  public void close() {
    if (!closed) {
      socket.close();
      failAll("connection to " + backend.address() + " closed");
    }
  }

  private void onData(Buffer data) {
    try {
      decoder.feed(data.getBytes());
    } catch (ProtocolException e) {
      failAll(backend.address() + " sent a malformed reply: " + e.getMessage());
      socket.close();
    }
  }

  private void onReply(RespValue reply) {
    Promise<RespValue> p = pending.poll();
    if (p == null) {
      // a reply nobody asked for means we lost track of the stream; start over
      failAll(backend.address() + " sent an unexpected reply");
      socket.close();
      return;
    }
    p.tryComplete(reply);
  }

  private void failAll(String why) {
    closed = true;
    Promise<RespValue> p;
    while ((p = pending.poll()) != null) {
      p.tryFail(new LinkClosedException(why));
    }
  }

  /** The link closed, or never carried the command. */
  public static final class LinkClosedException extends RuntimeException {
    public LinkClosedException(String message) {
      super(message, null, false, false);
    }
  }
}
