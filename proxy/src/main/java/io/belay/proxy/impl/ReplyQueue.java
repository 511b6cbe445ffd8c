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

  /** Writes every completed slot at the head of the queue, in one write. */
  void flush() {
    flushScheduled = false;
    Buffer out = null;
    while (!closed) {
      Slot head = slots.peek();
      if (head == null || !head.done) {
        break;
      }
      slots.poll();
      if (out != null && out.length() + head.bytes.length > MAX_WRITE) {
        sink.write(out);
        out = null;
      }
      if (head.bytes.length > 0) {
        if (out == null) {
          out = Buffer.buffer(Math.min(MAX_WRITE, Math.max(head.bytes.length, 4096)));
        }
        out.appendBytes(head.bytes);
      }
      if (head.afterWrite != null) {
        if (out != null) {
          sink.write(out);
          out = null;
        }
        head.afterWrite.run();
      }
    }
    if (out != null && !closed) {
      sink.write(out);
    }
  }
}
