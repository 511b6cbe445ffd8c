package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.BackendOptions;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.testing.EmbeddedBackend;
import io.belay.backends.testing.RawClient;
import io.belay.backends.testing.RedisServerProcess;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistence through a backend's server, in this JVM. */
class PersistenceIT {

  @TempDir
  Path dir;

  private EmbeddedBackend start(String... settings) throws Exception {
    BackendOptions options = BackendOptions.of("127.0.0.1", RedisServerProcess.freePort()).with("dir", dir.toString());
    for (int i = 0; i < settings.length; i += 2) {
      options = options.with(settings[i], settings[i + 1]);
    }
    return EmbeddedBackend.start(options);
  }

  static Map<String, String> info(RawClient c) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (String line : ServerDump.str(c.call("INFO", "persistence")).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  static void eventually(RawClient c, String field, String value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!value.equals(info(c).get(field))) {
      assertTrue(System.nanoTime() < deadline, field + " never became " + value + ": " + info(c));
      Thread.sleep(20);
    }
  }

  private static String get(RawClient c, String key) throws IOException {
    RespValue v = c.call("GET", key);
    return v instanceof RespValue.BulkString b ? new String(b.value(), StandardCharsets.UTF_8) : null;
  }

  @Test
  void shouldSnapshotExactlyTheStateAtBgsaveWhileWritesGoOn() throws Exception {
    int n = 100_000;
    Keyspace expected = new Keyspace(16);
    try (EmbeddedBackend backend = start("save", ""); RawClient c = new RawClient(backend.port())) {
      RespWriter load = new RespWriter();
      for (int i = 0; i < n; i++) {
        load.command("SET", "k" + i, "v" + i);
        expected.db(0).add(("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
      }
      c.sendRaw(load.drain());
      c.read(n);
      // BGSAVE and, right behind it in the same stream, writes to keys the scan has not reached
      RespWriter burst = new RespWriter();
      burst.command("BGSAVE");
      for (int i = n - 1; i >= 0; i -= 3) {
        burst.command("DEL", "k" + i);
        burst.command("SET", "k" + (i - 1), "changed");
        burst.command("SET", "new" + i, "x");
        burst.command("APPEND", "k" + (i - 2), "-appended");
      }
      burst.command("FLUSHDB");
      burst.command("SET", "after-flush", "x");
      c.setTimeout(60_000);
      c.sendRaw(burst.drain());
      List<RespValue> replies = c.read(1 + 4 * ((n + 2) / 3) + 2);
      assertEquals("Background saving started", ServerDump.str(replies.get(0)));
      eventually(c, "rdb_bgsave_in_progress", "0");
      assertEquals("ok", info(c).get("rdb_last_bgsave_status"));
    }
    Keyspace saved = new Keyspace(16);
    new RdbReader(saved).load(dir.resolve("dump.rdb"));
    assertEquals(KeyspaceDump.of(expected), KeyspaceDump.of(saved));
  }

  @Test
  void shouldAnswerBgsaveAndLastsaveAsRedisAndReportThemInInfo() throws Exception {
    try (EmbeddedBackend backend = start("save", ""); RawClient c = new RawClient(backend.port())) {
      for (int i = 0; i < 50_000; i++) {
        c.send("SET", "k" + i, "v");
      }
      c.read(50_000);
      assertEquals("50000", info(c).get("rdb_changes_since_last_save"));
      long before = ((RespValue.Integer) c.call("LASTSAVE")).value();
      c.send("BGSAVE");
      c.send("BGSAVE");
      c.send("SAVE");
      assertEquals("Background saving started", ServerDump.str(c.read()));
      assertEquals(new RespValue.Error("ERR Background save already in progress"), c.read());
      assertEquals(new RespValue.Error("ERR Background save already in progress"), c.read());
      eventually(c, "rdb_bgsave_in_progress", "0");
      Map<String, String> info = info(c);
      assertEquals("0", info.get("rdb_changes_since_last_save"));
      assertEquals("1", info.get("rdb_saves"));
      assertTrue(((RespValue.Integer) c.call("LASTSAVE")).value() >= before);
      assertEquals(new RespValue.Error("ERR syntax error"), c.call("BGSAVE", "NOW"));
      c.call("MULTI");
      c.call("BGSAVE");
      RespValue exec = c.call("EXEC");
      assertEquals("Background saving scheduled", ServerDump.str(ServerDump.array(exec).get(0)));
      eventually(c, "rdb_saves", "2");
      assertEquals("OK", ServerDump.str(c.call("SAVE")));
      assertEquals("3", info(c).get("rdb_saves"));
    }
  }

  @Test
  void shouldSaveByTheSaveRulesOnTheCron() throws Exception {
    try (EmbeddedBackend backend = start("save", ""); RawClient c = new RawClient(backend.port())) {
      assertEquals("OK", ServerDump.str(c.call("CONFIG", "SET", "save", "1 2")));
      c.call("SET", "a", "1");
      Thread.sleep(1500);
      assertEquals("0", info(c).get("rdb_saves"), "one change is not enough");
      c.call("SET", "b", "2");
      eventually(c, "rdb_saves", "1");
    }
    Keyspace saved = new Keyspace(16);
    new RdbReader(saved).load(dir.resolve("dump.rdb"));
    assertEquals(2, saved.db(0).size());
  }

  @Test
  void shouldTurnTheAofOnAtRunTimeAndRewriteIt() throws Exception {
    try (EmbeddedBackend backend = start("save", "", "appendonly", "no"); RawClient c = new RawClient(backend.port())) {
      c.call("SET", "a", "1");
      assertEquals("OK", ServerDump.str(c.call("CONFIG", "SET", "appendonly", "yes")));
      eventually(c, "aof_rewrites", "1");
      assertEquals("1", info(c).get("aof_enabled"));
      c.call("SET", "b", "2");
      assertEquals("Background append only file rewriting started", ServerDump.str(c.call("BGREWRITEAOF")));
      c.call("INCR", "a");
      eventually(c, "aof_rewrites", "2");
      c.call("SET", "c", "3");
      c.call("SELECT", "4");
      c.call("SET", "d", "4");
    }
    byte[] aof = Files.readAllBytes(dir.resolve("appendonly.aof"));
    assertEquals("REDIS0010", new String(aof, 0, 9, StandardCharsets.US_ASCII), "an RDB preamble");
    try (EmbeddedBackend backend = start("save", "", "appendonly", "yes"); RawClient c = new RawClient(backend.port())) {
      assertEquals("2", get(c, "a"));
      assertEquals("2", get(c, "b"));
      assertEquals("3", get(c, "c"));
      c.call("SELECT", "4");
      assertEquals("4", get(c, "d"));
    }
  }

  @Test
  void shouldRewriteTheAofWhenItHasGrown() throws Exception {
    try (EmbeddedBackend backend = start("save", "", "appendonly", "yes", "auto-aof-rewrite-min-size", "4kb");
        RawClient c = new RawClient(backend.port())) {
      for (int i = 0; i < 200; i++) {
        c.call("SET", "counter", Integer.toString(i));
      }
      eventually(c, "aof_rewrites", "1");
      long current = Long.parseLong(info(c).get("aof_current_size"));
      assertTrue(current < 4096, "the rewrite keeps one key, not 200 commands: " + current);
    }
    try (EmbeddedBackend backend = start("save", "", "appendonly", "yes"); RawClient c = new RawClient(backend.port())) {
      assertEquals("199", get(c, "counter"));
    }
  }

  @Test
  void shouldSaveWhenStoppedWithSaveRules() throws Exception {
    try (EmbeddedBackend backend = start("save", "3600 1000"); RawClient c = new RawClient(backend.port())) {
      c.call("SET", "kept", "by the final save");
      backend.backend().stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    try (EmbeddedBackend backend = start("save", "3600 1000"); RawClient c = new RawClient(backend.port())) {
      assertEquals("by the final save", get(c, "kept"));
      Map<String, String> aux = backend.backend().persistence().loadedAux();
      assertEquals("7.0.15", aux.get("redis-ver"));
      assertEquals(40, aux.get("repl-id").length());
      assertEquals("0", aux.get("aof-base"));
    }
  }

  @Test
  void shouldUnlockTheDirectoryWhenTheServerCannotStart() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      BackendOptions options = BackendOptions.of("127.0.0.1", taken.getLocalPort()).with("dir", dir.toString())
          .with("save", "3600 1");
      org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> EmbeddedBackend.start(options));
    }
    try (EmbeddedBackend backend = start("save", "3600 1"); RawClient c = new RawClient(backend.port())) {
      assertEquals("PONG", ServerDump.str(c.call("PING")));
    }
  }

  @Test
  void shouldStreamASnapshotToASlowSocketWhileServingCommands() throws Exception {
    int n = 200_000;
    Keyspace expected = new Keyspace(16);
    java.util.Random random = new java.util.Random(4);
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    try (EmbeddedBackend backend = start("save", ""); RawClient c = new RawClient(backend.port());
        java.net.ServerSocket receiver = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      RespWriter load = new RespWriter();
      for (int i = 0; i < n; i++) {
        // values LZF cannot shrink, so the RDB is far larger than the kernel's socket buffers
        String value = Long.toString(random.nextLong(), 36) + Long.toString(random.nextLong(), 36)
            + Long.toString(random.nextLong(), 36) + Long.toString(random.nextLong(), 36);
        load.command("SET", "k" + i, value);
        expected.db(0).add(("k" + i).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
      }
      c.sendRaw(load.drain());
      c.read(n);
      CompletableFuture<Snapshot.Result> done = new CompletableFuture<>();
      var context = backend.backend().context();
      // held here: an unreachable NetClient is cleaned up by Vert.x, its connections with it
      var netClient = context.owner().createNetClient();
      context.runOnContext(v -> netClient.connect(receiver.getLocalPort(), "127.0.0.1")
          .onSuccess(socket -> backend.backend().persistence().snapshot(RdbSink.of(socket), Map.of()).result()
              .onComplete(ar -> {
                socket.close();
                if (ar.succeeded()) {
                  done.complete(ar.result());
                } else {
                  done.completeExceptionally(ar.cause());
                }
              })));
      try (java.net.Socket s = receiver.accept()) {
        byte[] buf = new byte[16 * 1024];
        boolean servedWhileStreaming = false;
        int r;
        while ((r = s.getInputStream().read(buf)) >= 0) {
          received.write(buf, 0, r);
          if (!servedWhileStreaming && received.size() > 1_000_000) {
            // the reader is slow and the snapshot is half done: commands are still served
            assertEquals("OK", ServerDump.str(c.call("SET", "k1", "changed while streaming")));
            assertTrue(!done.isDone(), "the snapshot waits for the socket to drain");
            servedWhileStreaming = true;
          }
          Thread.sleep(1);
        }
        assertTrue(servedWhileStreaming);
      }
      assertEquals(n, done.get(30, TimeUnit.SECONDS).keys());
      netClient.close();
    }
    Keyspace streamed = new Keyspace(16);
    new RdbReader(streamed).load(new ByteArrayInputStream(received.toByteArray()));
    assertEquals(KeyspaceDump.of(expected), KeyspaceDump.of(streamed));
  }

  @Test
  void shouldProduceAndLoadFullSyncSnapshots() throws Exception {
    try (EmbeddedBackend master = start("save", ""); RawClient c = new RawClient(master.port())) {
      c.call("SET", "a", "1");
      c.call("HSET", "h", "f", "v");
      CompletableFuture<byte[]> rdb = new CompletableFuture<>();
      master.backend().context().runOnContext(v -> master.backend().persistence()
          .snapshotBytes(Map.of("repl-id", "f".repeat(40), "repl-offset", "77"))
          .onComplete(ar -> rdb.complete(ar.result())));
      byte[] bytes = rdb.get(10, TimeUnit.SECONDS);
      Map<String, String> aux = RdbReader.readAux(new ByteArrayInputStream(bytes));
      assertEquals("f".repeat(40), aux.get("repl-id"));
      assertEquals("77", aux.get("repl-offset"));

      Path other = Files.createDirectory(dir.resolve("replica"));
      BackendOptions options = BackendOptions.of("127.0.0.1", RedisServerProcess.freePort())
          .with("dir", other.toString());
      try (EmbeddedBackend replica = EmbeddedBackend.start(options); RawClient r = new RawClient(replica.port())) {
        r.call("SET", "stale", "x");
        CompletableFuture<Map<String, String>> loaded = new CompletableFuture<>();
        replica.backend().context().runOnContext(v -> {
          try {
            loaded.complete(replica.backend().persistence().loadReplacing(new ByteArrayInputStream(bytes)));
          } catch (IOException e) {
            loaded.completeExceptionally(e);
          }
        });
        assertEquals("77", loaded.get(10, TimeUnit.SECONDS).get("repl-offset"));
        assertEquals(ServerDump.of(c, 16), ServerDump.of(r, 16));
      }
    }
  }
}
