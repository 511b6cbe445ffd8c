package io.belay.backends.server;

import io.belay.backends.command.Engine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;

/** A client connection over a TCP socket, with backpressure towards a client that does not read. */
final class Connection extends ClientConnection {

  private final NetSocket socket;
  private final String remote;
  private final String local;
  private final ServerMetrics metrics;
  private byte[] chunk = new byte[16 * 1024];
  private boolean socketPaused;
  /** Bytes written to the socket whose write has not completed yet. */
  private long pendingBytes;
  /** Producers waiting for the socket to drain (see {@link #whenWritable}). */
  private final java.util.ArrayDeque<Runnable> writable = new java.util.ArrayDeque<>();

  Connection(NetSocket socket, Engine engine, ServerMetrics metrics) {
    super(engine, Vertx.currentContext());
    this.socket = socket;
    this.metrics = metrics;
    this.remote = socket.remoteAddress().host() + ":" + socket.remoteAddress().port();
    this.local = socket.localAddress().host() + ":" + socket.localAddress().port();
    socket.handler(this::onData);
    socket.closeHandler(v -> {
      closed();
      metrics.disconnected();
      runWritable();
    });
    socket.exceptionHandler(e -> socket.close());
    socket.drainHandler(v -> {
      resumeSocket();
      runWritable();
    });
  }

  private void onData(Buffer data) {
    ByteBuf buf = ((BufferInternal) data).getByteBuf();
    int length = buf.readableBytes();
    metrics.bytesIn(length);
    if (chunk.length < length) {
      chunk = new byte[Math.max(length, chunk.length * 2)];
    }
    buf.getBytes(buf.readerIndex(), chunk, 0, length);
    receive(chunk, 0, length);
  }

  @Override
  protected void transmit(byte[] replies) {
    int size = replies.length;
    metrics.bytesOut(size);
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
  public boolean writeQueueFull() {
    return !closed && socket.writeQueueFull();
  }

  @Override
  public void whenWritable(Runnable task) {
    if (writeQueueFull()) {
      writable.add(task);
    } else {
      task.run();
    }
  }

  private void runWritable() {
    while (!writable.isEmpty() && !writeQueueFull()) {
      writable.poll().run();
    }
  }

  @Override
  protected void closeChannel() {
    socket.close();
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
}
