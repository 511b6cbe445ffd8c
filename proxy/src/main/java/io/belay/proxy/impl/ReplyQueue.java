package io.belay.proxy.impl;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * A session's replies in request order. Each command takes a slot when it arrives; slots are
 * completed in whatever order backends answer and written to the client strictly in order, so a
 * pipeline spread over the master and a replica still reads back as one stream.
 *
 * <p>Writes coalesce: completions during one event-loop turn leave in one socket write.
 */
final class ReplyQueue {

  /** One reply to come. */
  static final class Slot {
    private byte[] bytes;
    private boolean done;
    private Runnable afterWrite;

    boolean isDone() {
      return done;
    }
  }

  /** Where flushed bytes go. */
  interface Sink {
    void write(Buffer data);
  }

  /**
   * Most bytes gathered into one socket write. Large enough to coalesce a pipeline's small
   * replies, small enough that a run of big replies leaves in steps the output limit can see.
   */
  private static final int MAX_WRITE = 256 * 1024;

  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private final Context context;
  private final Sink sink;
  private boolean flushScheduled;
  private boolean closed;

  ReplyQueue(Context context, Sink sink) {
    this.context = context;
    this.sink = sink;
  }

  /** A slot at the end of the queue, for a command that just arrived. */
  Slot add() {
    Slot slot = new Slot();
    slots.add(slot);
    return slot;
  }

  /** Fills a slot; the bytes leave once every slot before it has. */
  void complete(Slot slot, byte[] bytes) {
    if (slot.done) {
      return;
    }
    slot.bytes = bytes;
    slot.done = true;
    scheduleFlush();
  }

  /** Fills a slot and runs {@code afterWrite} once its bytes were handed to the socket. */
  void complete(Slot slot, byte[] bytes, Runnable afterWrite) {
    slot.afterWrite = afterWrite;
    complete(slot, bytes);
  }

  /** Runs {@code afterWrite} once the slot's bytes were handed to the socket. */
  void afterWrite(Slot slot, Runnable afterWrite) {
    slot.afterWrite = afterWrite;
  }

  /** Appends bytes nobody asked for (pub/sub messages): after every reply already due. */
  void push(byte[] bytes) {
    complete(add(), bytes);
  }

  /** Slots not written yet: commands in flight or waiting for an earlier reply. */
  int pending() {
    return slots.size();
  }

  boolean isEmpty() {
    return slots.isEmpty();
  }

  /** Stops writing; later completions are dropped. */
  void close() {
    closed = true;
    slots.clear();
  }

  private void scheduleFlush() {
    if (!flushScheduled && !closed) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  /**
   * Writes every completed slot at the head of the queue, in one write (a single reply goes as
   * it is, several are gathered into a buffer of their exact size).
   */
  void flush() {
    flushScheduled = false;
    while (!closed) {
      Slot head = slots.peek();
      if (head == null || !head.done) {
        return;
      }
      // The run of completed slots that leaves in one write: up to MAX_WRITE bytes, and up to
      // the first slot with something to run after its write.
      int count = 0;
      long bytes = 0;
      for (Slot slot : slots) {
        if (!slot.done || (count > 0 && bytes + slot.bytes.length > MAX_WRITE)) {
          break;
        }
        count++;
        bytes += slot.bytes.length;
        if (slot.afterWrite != null) {
          break;
        }
      }
      Buffer out = null;
      if (count == 1) {
        out = head.bytes.length == 0 ? null : Buffer.buffer(head.bytes);
      } else if (bytes > 0) {
        out = Buffer.buffer((int) bytes);
      }
      Runnable after = null;
      for (int i = 0; i < count; i++) {
        Slot slot = slots.poll();
        if (count > 1 && slot.bytes.length > 0) {
          out.appendBytes(slot.bytes);
        }
        after = slot.afterWrite;
      }
      if (out != null) {
        sink.write(out);
      }
      if (after != null) {
        after.run();
      }
    }
  }
}
