package io.belay.proxy.impl;

import io.vertx.core.buffer.Buffer;

/**
 * The byte pipe under a {@link BackendConnection}: a TCP socket or an in-process link. Methods
 * are called on the connection's event loop and must not block; events come back through
 * {@link BackendConnection#onData}, {@link BackendConnection#onTransportClosed} and
 * {@link BackendConnection#onDrain}, on the same event loop.
 */
interface BackendTransport {

  void write(Buffer data);

  /** True while the pipe holds more unsent bytes than it should; wait for a drain. */
  boolean writeQueueFull();

  void close();

  /** True for a backend embedded in this JVM. */
  boolean inProcess();

  /** True when {@link #replicationOffset()} answers without asking the backend. */
  default boolean tellsReplicationOffset() {
    return false;
  }

  /**
   * The master's replication offset after every reply received so far, -1 when the backend is
   * not a master; only when {@link #tellsReplicationOffset()}.
   */
  default long replicationOffset() {
    return -1;
  }
}
