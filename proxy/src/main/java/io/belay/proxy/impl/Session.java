package io.belay.proxy.impl;

import io.belay.protocol.ProtocolException;
import io.belay.protocol.RequestDecoder;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import io.belay.proxy.ProxyMetrics.ErrorType;
import io.belay.proxy.ProxyOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection: reads commands, hands each socket read to the {@link Dispatcher} as a
 * batch, and writes replies back in order. Runs entirely on its event loop.
 *
 * <p>Bounded in memory both ways. The socket is not read while the session holds
 * {@code maxPipeline} commands; and a client whose unread replies exceed the output buffer
 * limit is disconnected, as Redis does. Reading is deliberately not paused when the client is
 * slow to read: a client that writes a whole pipeline before reading any reply (bulk loads do)
 * would then never finish writing, where Redis serves it.
 */
final class Session {

  /** How long the last reply before a close (QUIT, protocol error) may take to leave. */
  private static final long CLOSE_GRACE_MILLIS = 10_000;

  private final LoopContext loop;
  private final NetSocket socket;
  private final ClientState client;
  private final ReplyQueue replies;
  private final Dispatcher dispatcher;
  private final RequestDecoder decoder;
  private final RespWriter writer = new RespWriter(256);
  private List<byte[][]> batch = new ArrayList<>();
  private final ProxyOptions options;
  private Future<Void> lastWrite = Future.succeededFuture();
  private long unwrittenBytes;
  private boolean paused;
  private boolean stopped;
  private boolean closed;
  /** Set once the client became a replica: its bytes go to the master and back unread. */
  private ReplicationTunnel tunnel;

  Session(LoopContext loop, NetSocket socket, long id) {
    this.loop = loop;
    this.socket = socket;
    this.options = loop.options();
    boolean open = options.requirePass().isEmpty();
    this.client = new ClientState(id, String.valueOf(socket.remoteAddress()),
        String.valueOf(socket.localAddress()), open,
        loop.group().settings().newReadYourWrites());
    this.replies = new ReplyQueue(loop.context(), this::write);
    this.decoder = new RequestDecoder(options.decoderLimits(), this::onCommand);
    this.decoder.setAuthenticated(open);
    this.dispatcher = new Dispatcher(this, client, loop);
  }

  void start() {
    socket.handler(this::onData);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> close());
    loop.add(this);
  }

  ReplyQueue replies() {
    return replies;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  ClientState client() {
    return client;
  }

  private void onData(Buffer data) {
    loop.metrics().bytesIn(data.length());
    client.lastActivityNanos = System.nanoTime();
    if (stopped) {
      return;
    }
    try {
      decoder.feed(data.getBytes());
      submit();
      // The decoder stops after an AUTH or HELLO of an unauthenticated client: what follows is
      // decoded under the limits that hold once that command ran.
      while (decoder.isPaused()) {
        decoder.setAuthenticated(client.authenticated);
        decoder.resume();
        submit();
      }
    } catch (ProtocolException e) {
      submit();
      protocolError(e);
    }
  }

  private void onCommand(byte[][] args) {
    if (tunnel != null) {
      tunnel.fromClient(args);
      return;
    }
    batch.add(args);
    if (!client.authenticated && (Resp.is(args[0], "auth") || Resp.is(args[0], "hello"))) {
      decoder.pause();
    }
  }

  private void submit() {
    if (!batch.isEmpty()) {
      List<byte[][]> commands = batch;
      batch = new ArrayList<>(Math.min(commands.size(), 16));
      dispatcher.accept(commands);
    }
  }

  /** Redis's answer to malformed input: the error, then the connection closes. */
  private void protocolError(ProtocolException e) {
    stopped = true;
    loop.metrics().error(ErrorType.PROTOCOL);
    ReplyQueue.Slot slot = replies.add();
    replies.complete(slot, encode(new RespValue.Error(e.errorReply()), client.protocol),
        this::closeAfterWrites);
    updateReading();
  }

  /**
   * Hands the connection over to {@code master} as a replica's (see {@link ReplicationTunnel}):
   * once {@code slot} and every reply before it were written, nothing more comes from the
   * session itself, and {@code commands}, then whatever the client sends next, go to the master.
   */
  void replicateFrom(ReplyQueue.Slot slot, io.belay.routing.BackendRef master, List<byte[][]> commands) {
    tunnel = new ReplicationTunnel(this, socket, loop, master, commands);
    if (paused) {
      paused = false;
      socket.resume();
    }
    replies.complete(slot, new byte[0], () -> {
      replies.close();
      if (!closed) {
        tunnel.open();
      }
    });
  }

  /** A replica's tunnel ends when the group's master changes: the replica reconnects to the new one. */
  void masterChanged(io.belay.routing.RoutingTable table) {
    if (tunnel != null && (table == null || !table.hasMaster() || !table.master().equals(tunnel.master()))) {
      close();
    }
  }

  /** Closes the connection once {@code slot} and everything before it were written (QUIT). */
  void closeAfter(ReplyQueue.Slot slot) {
    stopped = true;
    replies.afterWrite(slot, this::closeAfterWrites);
  }

  private void closeAfterWrites() {
    lastWrite.onComplete(v -> close());
    // A client that does not read its last reply does not keep the connection open for ever.
    loop.context().owner().setTimer(CLOSE_GRACE_MILLIS, id -> close());
  }

  /** The decoder follows the client's authentication (RESET may take it away). */
  void authenticationChanged() {
    decoder.setAuthenticated(client.authenticated);
  }

  byte[] encode(RespValue value, int protocol) {
    writer.setProtocol(protocol);
    writer.value(value);
    return writer.drain();
  }

  byte[] encode(List<RespValue> values, int protocol) {
    writer.setProtocol(protocol);
    for (RespValue value : values) {
      writer.value(value);
    }
    return writer.drain();
  }

  /** A message nobody asked for (pub/sub), after every reply already due. */
  void push(RespValue value) {
    if (!closed) {
      replies.push(encode(value, client.protocol));
    }
  }

  private void write(Buffer data) {
    if (closed) {
      return;
    }
    int length = data.length();
    loop.metrics().bytesOut(length);
    unwrittenBytes += length;
    lastWrite = socket.write(data);
    lastWrite.onComplete(v -> unwrittenBytes -= length);
    if (unwrittenBytes > options.clientOutputBufferLimit()) {
      // Redis's client-output-buffer-limit: a client that does not read is cut off.
      loop.metrics().error(ErrorType.OUTPUT_BUFFER);
      close();
      return;
    }
    updateReading();
  }

  /** Pauses reading while the session holds {@code maxPipeline} commands; resumes after. */
  void updateReading() {
    if (closed || tunnel != null) {
      return;
    }
    int pending = replies.pending();
    boolean full = stopped || pending >= options.maxPipeline();
    if (full && !paused) {
      paused = true;
      socket.pause();
    } else if (!full && paused && pending <= options.maxPipeline() / 2) {
      paused = false;
      socket.resume();
    }
  }

  /** Closes when idle longer than the idle timeout, as Redis's {@code timeout} does. */
  void closeIfIdle(long nowNanos, long timeoutNanos) {
    // replicas are never timed out, as in Redis: the snapshot may take longer than any timeout
    if (tunnel == null && nowNanos - client.lastActivityNanos > timeoutNanos && dispatcher.idle()
        && replies.isEmpty() && !dispatcher.subscriber().active()) {
      close();
    }
  }

  /**
   * Closes the connection. Vert.x's close first flushes what is queued, which never ends for a
   * client that stopped reading; such a connection is dropped at the socket instead.
   */
  void close() {
    if (closed) {
      return;
    }
    if (unwrittenBytes > 0 && socket instanceof NetSocketInternal internal) {
      // The context, not the channel: closing from the Vert.x handler skips its flush-first close.
      internal.channelHandlerContext().close();
    } else {
      socket.close();
    }
    onClosed();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    replies.close();
    dispatcher.shutdown();
    if (tunnel != null) {
      tunnel.close();
    }
    loop.remove(this);
  }
}
