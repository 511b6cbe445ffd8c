package io.belay.backends.persistence;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Where a snapshot's RDB bytes go: a file being written, a replica's socket, memory. The
 * snapshot stops producing while {@link #writeQueueFull()} and resumes when the drain handler
 * runs. Every method is called on the engine's event loop and must not block.
 */
public interface RdbSink {

  /** Takes one chunk; the sink owns the array from now on. */
  void write(byte[] chunk);

  boolean writeQueueFull();

  /** Runs {@code handler} once, on the engine's loop, when the queue is no longer full. */
  void drainHandler(Runnable handler);

  /** The RDB is complete: the future succeeds once it is durable (a file) or sent (a socket). */
  Future<Void> end();

  /** The snapshot was abandoned: discard what was written (a temporary file is deleted). */
  void abort();

  /**
   * A Vert.x stream (a replica's {@code NetSocket}) as a sink. The stream stays open after the
   * RDB, for what follows it; {@link #end()} completes when the last chunk was written, and
   * {@link #abort()} leaves closing to the stream's owner.
   */
  static RdbSink of(WriteStream<Buffer> stream) {
    return new RdbSink() {
      private Future<Void> last = Future.succeededFuture();

      @Override
      public void write(byte[] chunk) {
        last = stream.write(Buffer.buffer(chunk));
      }

      @Override
      public boolean writeQueueFull() {
        return stream.writeQueueFull();
      }

      @Override
      public void drainHandler(Runnable handler) {
        stream.drainHandler(v -> handler.run());
      }

      @Override
      public Future<Void> end() {
        return last;
      }

      @Override
      public void abort() {
      }
    };
  }
}
