package io.belay.it.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool run to its end as a user runs it ({@code redis-cli}, {@code
 * redis-benchmark}): standard input from a file or nothing, standard output and error captured
 * together, killed if it outlives its timeout so that a hang fails the test instead of stalling it.
 */
final class Tool {

  /** How a run ended: its exit code and everything it printed. */
  record Run(List<String> command, int exitCode, String output, long millis) {

    Run assertExitedCleanly() {
      if (exitCode != 0) {
        throw new AssertionError(command + " exited with " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  private Tool() {
  }

  static Run run(Path workDir, Path stdin, Duration timeout, String... command) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "tool-", ".out");
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
        : ProcessBuilder.Redirect.from(stdin.toFile()));
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(List.of(command) + " did not finish within " + timeout + "; it printed:\n"
          + Files.readString(out));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    return new Run(List.of(command), p.exitValue(), Files.readString(out), millis);
  }
}
