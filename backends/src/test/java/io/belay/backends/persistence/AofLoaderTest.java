package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.backends.command.Engine;
import io.belay.backends.command.Scheduler;
import io.belay.backends.command.Settings;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.ValueType;
import io.belay.backends.persistence.impl.AofLoader;
import io.belay.backends.persistence.impl.RdbFiles;
import io.belay.protocol.RespWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AofLoaderTest {

  @TempDir
  Path dir;

  static Engine engine() {
    return Engine.create(new Keyspace(16), new Settings(0, "127.0.0.1", 16), new Scheduler() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return 0;
      }

      @Override
      public void cancel(long timerId) {
      }
    });
  }

  static byte[] resp(String... commands) {
    RespWriter w = new RespWriter();
    for (String c : commands) {
      w.command(c.split(" "));
    }
    return w.drain();
  }

  private static String get(Engine e, int db, String key) {
    var o = e.keyspace().db(db).peek(key.getBytes(StandardCharsets.UTF_8));
    return o == null ? null : new String((byte[]) o.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldReplayCommandsInTheirDatabases() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    Files.write(aof, resp("SELECT 0", "SET a 1", "INCR a", "SELECT 3", "HSET h x y", "SET b 2",
        "MULTI", "SET c 3", "DEL b", "EXEC"));
    Engine e = engine();
    AofLoader.Result r = AofLoader.load(aof, e, true);
    assertFalse(r.truncated());
    assertEquals("2", get(e, 0, "a"));
    assertEquals("3", get(e, 3, "c"));
    assertNull(get(e, 3, "b"));
    assertEquals(ValueType.HASH, e.keyspace().db(3).peek("h".getBytes(StandardCharsets.UTF_8)).type());
    assertTrue(e.clients().isEmpty(), "the replay's client is gone");
  }

  @Test
  void shouldDropATruncatedLastCommandAndCutTheFile() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    byte[] good = resp("SET a 1", "SET b 2");
    byte[] partial = resp("SET c 3");
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(good);
    file.write(partial, 0, partial.length - 3);
    Files.write(aof, file.toByteArray());
    Engine e = engine();
    AofLoader.Result r = AofLoader.load(aof, e, true);
    assertTrue(r.truncated());
    assertEquals(good.length, Files.size(aof), "cut at the last complete command");
    assertEquals("2", get(e, 0, "b"));
    assertNull(get(e, 0, "c"));
  }

  @Test
  void shouldRefuseATruncatedFileNamingItAndTheOffsetWhenTruncationIsNotAllowed() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    byte[] good = resp("SET a 1");
    byte[] cut = "*2\r\n$3\r\nGET".getBytes(StandardCharsets.US_ASCII);
    Files.write(aof, concat(good, cut));
    RdbFormatException ex = assertThrows(RdbFormatException.class, () -> AofLoader.load(aof, engine(), false));
    assertTrue(ex.getMessage().contains(aof.toString()), ex.getMessage());
    assertEquals(good.length, ex.offset());
    assertTrue(ex.getMessage().contains("aof-load-truncated"), ex.getMessage());
    assertEquals(good.length + cut.length, Files.size(aof), "the file is left as it was");
  }

  @Test
  void shouldRevertATransactionWithoutItsExec() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    byte[] good = resp("SET a 1");
    Files.write(aof, concat(good, resp("MULTI", "SET a 2", "SET b 2")));
    Engine e = engine();
    assertTrue(AofLoader.load(aof, e, true).truncated());
    assertEquals("1", get(e, 0, "a"));
    assertNull(get(e, 0, "b"));
    assertEquals(good.length, Files.size(aof));
  }

  @Test
  void shouldRefuseGarbageEvenWithTruncationAllowed() throws Exception {
    Path aof = dir.resolve("appendonly.aof");
    Files.write(aof, concat(resp("SET a 1"), "garbage\r\n".getBytes(StandardCharsets.US_ASCII), resp("SET b 1")));
    RdbFormatException ex = assertThrows(RdbFormatException.class, () -> AofLoader.load(aof, engine(), true));
    assertTrue(ex.getMessage().contains("bad file format"), ex.getMessage());
    Files.write(aof, resp("NOSUCHCOMMAND x"));
    ex = assertThrows(RdbFormatException.class, () -> AofLoader.load(aof, engine(), true));
    assertTrue(ex.getMessage().contains("unknown command 'NOSUCHCOMMAND'"), ex.getMessage());
  }

  @Test
  void shouldLoadAnRdbPreambleThenTheCommandsAfterIt() throws Exception {
    Engine source = engine();
    source.keyspace().db(0).add("from-rdb".getBytes(StandardCharsets.UTF_8), "r".getBytes(StandardCharsets.UTF_8));
    source.keyspace().db(2).add("x".getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8));
    Path aof = dir.resolve("appendonly.aof");
    RdbFiles.save(source.keyspace(), Map.of("aof-base", "1"), true, dir.resolve("t"), aof);
    Files.write(aof, resp("SELECT 2", "INCR x"), java.nio.file.StandardOpenOption.APPEND);
    Engine e = engine();
    AofLoader.Result r = AofLoader.load(aof, e, true);
    assertTrue(r.preamble().aofBase());
    assertEquals("r", get(e, 0, "from-rdb"));
    assertEquals("2", get(e, 2, "x"));
    assertEquals(2, r.commands());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
