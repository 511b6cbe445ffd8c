package io.belay.backends.command;

import java.util.function.Consumer;

/**
 * Holds replies back until the writes made before them are in the AOF: redis-server writes
 * the AOF (and with {@code appendfsync always} fsyncs it) before it sends any reply of the
 * same event-loop turn, so an acknowledged write survives a crash, and no client reads a value
 * that a crash could take back. The connection asks for a ticket before each socket write
 * and, if it gets one, queues its replies until the ticket is released.
 * Called on the engine's loop only; must not block.
 */
public interface ReplyBarrier {

  /** No barrier: every reply goes out at once. */
  ReplyBarrier NONE = new ReplyBarrier() {
    @Override
    public long ticket() {
      return 0;
    }

    @Override
    public void whenDurable(long ticket, Consumer<Boolean> release) {
      release.accept(true);
    }
  };

  /** A ticket covering every write made so far, or 0 when none of them awaits durability. */
  long ticket();

  /**
   * Calls {@code release} on the loop once the writes of {@code ticket} are durable, with
   * false if they could not be made durable (the replies must then not be sent as if they were).
   */
  void whenDurable(long ticket, Consumer<Boolean> release);
}
