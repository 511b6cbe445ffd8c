package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.BackendOptions;
import io.belay.backends.testing.EmbeddedBackend;
import io.belay.backends.testing.RawClient;
import io.belay.backends.testing.RedisServerProcess;
import io.belay.protocol.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backends in their own processes, killed with SIGKILL and restarted on the same directory. */
class AofCrashIT {

  @TempDir
  Path dir;

  private static String get(RawClient c, String key) throws IOException {
    RespValue v = c.call("GET", key);
    return v instanceof RespValue.BulkString b ? new String(b.value(), StandardCharsets.UTF_8) : null;
  }

  private static long dbsize(RawClient c) throws IOException {
    return ((RespValue.Integer) c.call("DBSIZE")).value();
  }

  @Test
  void shouldKeepEveryAcknowledgedWriteThroughKill9WithAppendfsyncAlways() throws Exception {
    AtomicInteger acked = new AtomicInteger(-1);
    try (BackendProcess backend = BackendProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--save", "")) {
      Thread writer = new Thread(() -> {
        try (RawClient c = new RawClient(backend.port())) {
          for (int i = 0; ; i += 10) {
            for (int k = i; k < i + 10; k++) {
              c.send("SET", "key:" + k, "value:" + k);
            }
            for (int k = i; k < i + 10; k++) {
              if (!(c.read() instanceof RespValue.SimpleString)) {
                return;
              }
              acked.set(k);
            }
          }
        } catch (IOException expected) {
          // the backend was killed under us
        }
      });
      writer.start();
      while (acked.get() < 3000) {
        Thread.sleep(20);
      }
      backend.kill();
      writer.join(10_000);
    }
    int last = acked.get();
    try (BackendProcess backend = BackendProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always",
        "--save", ""); RawClient c = new RawClient(backend.port())) {
      assertTrue(dbsize(c) >= last + 1, "at least every acknowledged key: " + dbsize(c) + " < " + (last + 1));
      for (int k = 0; k <= last; k++) {
        assertEquals("value:" + k, get(c, "key:" + k), "key " + k + " of " + last);
      }
    }
  }

  @Test
  void shouldDropATruncatedLastCommandOrRefuseToStartWhenTold() throws Exception {
    try (BackendProcess backend = BackendProcess.start(dir, "--appendonly", "yes", "--save", "");
        RawClient c = new RawClient(backend.port())) {
      for (int i = 0; i < 100; i++) {
        c.call("RPUSH", "list", "e" + i);
      }
      c.call("SET", "last", "complete");
      backend.kill();
    }
    Path aof = dir.resolve("appendonly.aof");
    long complete = Files.size(aof);
    Files.write(aof, "*3\r\n$3\r\nSET\r\n$4\r\nlast\r\n$9\r\ninco".getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.APPEND);

    String refusal = BackendProcess.startFailing(dir, "--appendonly", "yes", "--save", "", "--aof-load-truncated",
        "no");
    assertTrue(refusal.contains(aof.toString()) && refusal.contains("offset " + complete), refusal);

    try (BackendProcess backend = BackendProcess.start(dir, "--appendonly", "yes", "--save", "");
        RawClient c = new RawClient(backend.port())) {
      assertEquals("complete", get(c, "last"));
      assertEquals(100L, ((RespValue.Integer) c.call("LLEN", "list")).value());
      assertTrue(backend.log().contains("Truncating it at byte offset " + complete), backend.log());
    }
    assertEquals(complete, Files.size(aof), "the incomplete command was cut off the file");
  }

  @Test
  void shouldBringBackTheLastSnapshotAfterKill9() throws Exception {
    try (BackendProcess backend = BackendProcess.start(dir, "--save", "3600 1");
        RawClient c = new RawClient(backend.port())) {
      c.call("SET", "saved", "yes");
      c.call("HSET", "h", "f", "v");
      assertEquals("OK", ServerDump.str(c.call("SAVE")));
      c.call("SET", "unsaved", "lost");
      backend.kill();
    }
    try (BackendProcess backend = BackendProcess.start(dir, "--save", "3600 1");
        RawClient c = new RawClient(backend.port())) {
      assertEquals("yes", get(c, "saved"));
      assertEquals("v", ServerDump.str(c.call("HGET", "h", "f")));
      assertNull(get(c, "unsaved"));
    }
  }

  @Test
  void shouldRefuseASecondBackendOnTheSameDirectory() throws Exception {
    try (BackendProcess first = BackendProcess.start(dir, "--save", "3600 1")) {
      String expected = dir.toAbsolutePath().normalize() + " is in use by another Belay backend (pid " + first.pid()
          + ")";
      assertEquals(expected, BackendProcess.startFailing(dir, "--save", "3600 1"));
      BackendOptions options = BackendOptions.of("127.0.0.1", RedisServerProcess.freePort())
          .with("dir", dir.toString()).with("appendonly", "yes");
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> EmbeddedBackend.start(options).close());
      assertEquals(expected, e.getCause().getMessage());
    }
  }

  @Test
  void shouldSaveOnShutdownAndRemoveThePidFile() throws Exception {
    Path pid = dir.resolve("belay.pid");
    try (BackendProcess backend = BackendProcess.start(dir, "--save", "", "--pidfile", pid.toString());
        RawClient c = new RawClient(backend.port())) {
      assertEquals(Long.toString(backend.pid()), Files.readString(pid).trim());
      c.call("SET", "k", "v");
      c.send("SHUTDOWN", "NOSAVE");
      assertEquals(0, backend.awaitExit());
    }
    assertFalse(Files.exists(pid));
    assertFalse(Files.exists(dir.resolve("dump.rdb")), "NOSAVE and no save rules: nothing written");
    try (BackendProcess backend = BackendProcess.start(dir, "--save", "");
        RawClient c = new RawClient(backend.port())) {
      c.call("SET", "k", "v");
      c.send("SHUTDOWN", "SAVE");
      assertEquals(0, backend.awaitExit());
    }
    try (BackendProcess backend = BackendProcess.start(dir, "--save", "");
        RawClient c = new RawClient(backend.port())) {
      assertEquals("v", get(c, "k"));
    }
  }
}
