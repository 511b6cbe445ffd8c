package io.belay.ops.logging;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogFilesTest {

  @TempDir
  Path dir;

  @AfterEach
  void restoreTheConsole() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void shouldWriteReadableLinesToTheLogFile() throws Exception {
    Path file = dir.resolve("backend.log");

    LogFiles.logTo(file);
    LoggerFactory.getLogger("io.belay.backends.replication.ReplicaLink").info("full resync with {}", "10.0.0.1:6379");

    String line = Files.readString(file).strip();
    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[replication\\] "
        + "full resync with 10\\.0\\.0\\.1:6379"), line);
  }

  @Test
  void shouldReportAFileThatCannotBeOpened() {
    assertThrows(IOException.class, () -> LogFiles.logTo(dir.resolve("missing-dir").resolve("backend.log")));
  }
}
