package io.belay.proxy.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/** A backend connection over TCP. */
final class SocketTransport implements BackendTransport {

  /**
   * Bytes queued towards a backend before sessions stop dispatching to it. A few hundred
   * pipelined commands: enough to keep the backend busy, small enough to notice a stall early.
   */
  static final int WRITE_QUEUE_MAX = 512 * 1024;

  private final NetSocket socket;

  SocketTransport(NetSocket socket, BackendConnection connection) {
    this.socket = socket;
    socket.setWriteQueueMaxSize(WRITE_QUEUE_MAX);
    socket.handler(connection::onData);
    socket.closeHandler(v -> connection.onTransportClosed("connection lost"));
    socket.exceptionHandler(e -> {
      connection.onTransportClosed("connection error: " + e.getMessage());
      socket.close();
    });
    socket.drainHandler(v -> connection.onDrain());
  }

  @Override
  public void write(Buffer data) {
    socket.write(data);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public boolean inProcess() {
    return false;
  }
}
