package io.belay.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class BackendLogFileTest {

  @TempDir
  Path dir;

  @AfterEach
  void restoreTheConsole() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void shouldSendTheBackendLogToTheLogfile() throws Exception {
    Path file = dir.resolve("backend.log");
    RecordingLauncher launcher = new RecordingLauncher();

    Run run = Run.of(launcher, "backend", "--logfile", file.toString());
    LoggerFactory.getLogger("io.belay.backends.server.Server").info("ready to accept connections");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertEquals(Optional.of(file), launcher.backend.logFile());
    assertTrue(Files.readString(file).contains(" INFO  [server] ready to accept connections"));
  }

  @Test
  void shouldRefuseALogfileThatCannotBeOpened() {
    Path file = dir.resolve("no-such-dir").resolve("backend.log");
    RecordingLauncher launcher = new RecordingLauncher();

    Run run = Run.of(launcher, "backend", "--logfile", file.toString());

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.errLine().startsWith("belay backend: --logfile: cannot open '" + file + "' for appending: no such directory"),
        run.err());
    assertNull(launcher.backend);
  }
}
