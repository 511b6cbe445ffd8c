package io.belay.proxy;

import java.util.function.Consumer;

/**
 * A backend embedded in this JVM, reached without a socket. The proxy treats each {@link Link}
 * exactly like a TCP connection to the backend's RESP server: it writes RESP commands and reads
 * RESP replies, so authentication, {@code SELECT}, {@code HELLO 3}, transactions, blocking
 * commands and pub/sub behave as they do over the network.
 *
 * <p>Contract, for the implementation:
 * <ul>
 *   <li>No method may block or throw. {@link #open} is called on a proxy event loop.
 *   <li>The backend runs commands on its own context; it may call {@code output} and
 *       {@code closed} from any thread. The proxy moves the bytes back to the client's context.
 *   <li>Replies and pushes are handed to {@code output} in the order the backend produced them,
 *       never concurrently for one link.
 * </ul>
 */
@FunctionalInterface
public interface InProcessBackend {

  /**
   * Opens one client connection on the backend.
   *
   * @param output receives the bytes the backend writes to this client (replies, pushes)
   * @param closed called once if the backend ends the connection (shutdown, kill, error)
   * @return the link the proxy writes commands to
   */
  Link open(Consumer<byte[]> output, Runnable closed);

  /**
   * True when {@link #replicationOffset()} answers; otherwise the proxy asks the backend with
   * {@code ROLE} for read-your-writes, as it asks a backend over the network.
   */
  default boolean tellsReplicationOffset() {
    return false;
  }

  /**
   * The backend's replication offset while it is a master, -1 while it is not. Called on a proxy
   * event loop right after replies arrived through a link's {@code output}: the value must be at
   * least the offset after every write those replies answer (reading the backend's latest value
   * satisfies this, since the replies were handed over after the writes ran). Must not block.
   */
  default long replicationOffset() {
    return -1;
  }

  /** One client connection of an in-process backend. */
  interface Link {

    /** Hands RESP-encoded commands to the backend, in order. Must not block. */
    void write(byte[] commands);

    /** Ends the connection, as closing a socket would. Idempotent. */
    void close();
  }
}
