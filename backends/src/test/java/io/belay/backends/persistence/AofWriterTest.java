package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.command.Engine;
import io.belay.backends.persistence.impl.AofLoader;
import io.belay.backends.persistence.impl.AofWriter;
import io.belay.backends.persistence.impl.RdbFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOF writer with a real I/O thread and an event loop run by hand. */
class AofWriterTest {

  @TempDir
  Path dir;

  private final LinkedBlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();
  private final ExecutorService io = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    io.shutdownNow();
  }

  private void runLoopUntil(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      Runnable r = loop.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        r.run();
      }
      assertTrue(System.nanoTime() < deadline, "timed out");
    }
  }

  private static byte[][] cmd(String line) {
    String[] parts = line.split(" ");
    byte[][] args = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      args[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return args;
  }

  private AofWriter open(Path aof, AofWriter.Fsync fsync) throws Exception {
    AofWriter w = new AofWriter(aof, fsync, io, loop::add);
    w.openExisting();
    return w;
  }

  @Test
  void shouldHoldRepliesUntilTheirBatchIsWrittenAndSynced() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    AofWriter w = open(aof, AofWriter.Fsync.ALWAYS);
    assertEquals(0, w.ticket(), "nothing to wait for yet");
    w.propagate(0, cmd("SET a 1"));
    w.propagate(0, cmd("SET b 2"));
    long ticket = w.ticket();
    assertTrue(ticket > 0);
    Boolean[] released = new Boolean[1];
    w.whenDurable(ticket, ok -> released[0] = ok);
    assertEquals(null, released[0]);
    assertEquals(0, Files.size(aof), "the batch goes out at the end of the loop's turn");
    runLoopUntil(() -> released[0] != null);
    assertTrue(released[0]);
    assertArrayEquals(AofLoaderTest.resp("SELECT 0", "SET a 1", "SET b 2"), Files.readAllBytes(aof));
    assertEquals(0, w.ticket(), "everything is durable");
    w.propagate(1, cmd("SET c 3"));
    long second = w.ticket();
    assertTrue(second > ticket);
    boolean[] again = new boolean[1];
    w.whenDurable(second, ok -> again[0] = ok);
    runLoopUntil(() -> again[0]);
    assertTrue(new String(Files.readAllBytes(aof), StandardCharsets.UTF_8).endsWith("$6\r\nSELECT\r\n$1\r\n1\r\n"
        + "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n"));
    w.close();
  }

  @Test
  void shouldHoldRepliesOnlyUntilWrittenWithEverysecAndSyncFromTheCron() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    AofWriter w = open(aof, AofWriter.Fsync.EVERYSEC);
    w.propagate(0, cmd("SET a 1"));
    long ticket = w.ticket();
    assertTrue(ticket > 0, "a reply waits for the write, as Redis writes the AOF before replying");
    boolean[] released = new boolean[1];
    w.whenDurable(ticket, ok -> released[0] = ok);
    runLoopUntil(() -> released[0]);
    assertArrayEquals(AofLoaderTest.resp("SELECT 0", "SET a 1"), Files.readAllBytes(aof));
    w.cron(System.currentTimeMillis());
    w.close();
  }

  @Test
  void shouldSwitchToTheRewrittenFileWithTheCommandsOfTheRewriteOnceEach() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    AofWriter w = open(aof, AofWriter.Fsync.ALWAYS);
    Engine state = AofLoaderTest.engine();
    w.propagate(0, cmd("SET n 10"));
    state.keyspace().db(0).add("n".getBytes(StandardCharsets.UTF_8), "10".getBytes(StandardCharsets.UTF_8));
    runLoopUntil(() -> w.ticket() == 0);

    // the rewrite's snapshot is taken now; INCR arrives while it is written
    w.startCapture();
    Path temp = dir.resolve("temp-rewrite.aof");
    RdbFiles.save(state.keyspace(), Map.of("aof-base", "1"), true, dir.resolve("t"), temp);
    w.propagate(0, cmd("INCR n"));
    runLoopUntil(() -> w.bufferLength() == 0);
    w.propagate(0, cmd("INCR n"));
    Object[] result = new Object[1];
    w.switchTo(temp, r -> result[0] = r);
    w.propagate(3, cmd("SET after switch"));
    runLoopUntil(() -> result[0] != null && w.ticket() == 0);
    assertTrue(result[0] instanceof Long, String.valueOf(result[0]));
    assertFalse(Files.exists(temp));
    assertEquals(Files.size(aof), w.currentSize());
    assertEquals((Long) result[0], w.baseSize());
    w.close();

    Engine replayed = AofLoaderTest.engine();
    AofLoader.Result r = AofLoader.load(aof, replayed, false);
    assertTrue(r.preamble().aofBase());
    assertEquals("12", new String((byte[]) replayed.keyspace().db(0).peek("n".getBytes()).value(),
        StandardCharsets.UTF_8));
    assertEquals("switch", new String((byte[]) replayed.keyspace().db(3).peek("after".getBytes()).value(),
        StandardCharsets.UTF_8));
  }
}
