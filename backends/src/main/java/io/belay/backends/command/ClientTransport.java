package io.belay.backends.command;

/**
 * The connection a {@link Client} is served over. Implementations run on the engine's
 * event loop; none of these methods may block.
 */
public interface ClientTransport {

  /** Sends whatever the client's writer holds. */
  void flush(Client client);

  /** Closes the connection once what was flushed has been written. */
  void close(Client client);

  /** Stops reading commands (a blocked client), or resumes. */
  void setReading(Client client, boolean reading);

  /** Bytes handed to the socket and not yet written out (replica output buffer limits). */
  long pendingWriteBytes();

  /**
   * True while the connection holds as much unsent output as it should: a producer that can
   * wait (a snapshot streamed to a replica) stops until {@link #whenWritable} calls it back.
   */
  default boolean writeQueueFull() {
    return false;
  }

  /**
   * Runs {@code task} once, on the engine's loop, when the connection can take more output or
   * has closed; at once if it can now.
   */
  default void whenWritable(Runnable task) {
    task.run();
  }

  /** {@code ip:port} of the peer, as CLIENT LIST shows it. */
  String remoteAddress();

  /** {@code ip:port} of our side. */
  String localAddress();
}
