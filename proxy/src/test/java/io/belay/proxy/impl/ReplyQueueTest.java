package io.belay.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void shouldWriteSlotsInOrderWhateverOrderTheyComplete() throws Exception {
    Context context = vertx.getOrCreateContext();
    StringBuilder written = new StringBuilder();
    CompletableFuture<String> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      ReplyQueue queue = new ReplyQueue(context,
          data -> written.append(data.toString(StandardCharsets.US_ASCII)).append('|'));
      ReplyQueue.Slot first = queue.add();
      ReplyQueue.Slot second = queue.add();
      ReplyQueue.Slot third = queue.add();
      queue.complete(third, bytes("3"));
      queue.complete(second, bytes("2"));
      context.runOnContext(w -> {
        // nothing may leave while the first reply is missing
        written.append("waiting|");
        queue.complete(first, bytes("1"));
        queue.push(bytes("m"));
        context.runOnContext(x -> done.complete(written.toString()));
      });
    });
    assertEquals("waiting|123m|", done.get(5, TimeUnit.SECONDS),
        "completions of one turn leave in one write, in request order");
  }

  @Test
  void shouldSplitLongRunsOfRepliesIntoBoundedWrites() throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Integer> writes = new CompletableFuture<>();
    int[] count = {0};
    context.runOnContext(v -> {
      ReplyQueue queue = new ReplyQueue(context, (Buffer data) -> count[0]++);
      for (int i = 0; i < 16; i++) {
        queue.complete(queue.add(), new byte[64 * 1024]);
      }
      context.runOnContext(w -> writes.complete(count[0]));
    });
    assertEquals(4, writes.get(5, TimeUnit.SECONDS));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
