package io.belay.backends.persistence;

import io.belay.backends.testing.RedisServerProcess;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A backend in its own JVM ({@link io.belay.backends.testing.BackendMain}), so a test can kill -9 it. */
final class BackendProcess implements Closeable {

  private final Process process;
  private final int port;
  private final Path log;

  private BackendProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a backend with {@code dir} and further {@code --name value} settings; waits until it serves. */
  static BackendProcess start(Path dir, String... settings) throws IOException, InterruptedException {
    Launch l = launch(dir, settings);
    String line = l.awaitLine();
    if (!line.startsWith("READY")) {
      throw new IOException("backend did not start: " + line + "\n" + Files.readString(l.log));
    }
    return new BackendProcess(l.process, l.port, l.log);
  }

  /** Starts a backend that must fail; returns the FATAL message it printed. */
  static String startFailing(Path dir, String... settings) throws IOException, InterruptedException {
    Launch l = launch(dir, settings);
    String line = l.awaitLine();
    l.process.waitFor(30, TimeUnit.SECONDS);
    l.process.destroyForcibly();
    if (!line.startsWith("FATAL ")) {
      throw new IOException("expected the backend to fail, it printed: " + line);
    }
    return line.substring("FATAL ".length());
  }

  private record Launch(Process process, int port, Path log) {
    String awaitLine() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith("READY") || line.startsWith("FATAL")) {
            return line;
          }
        }
        if (!process.isAlive()) {
          return "exited with " + process.exitValue() + ": " + Files.readString(log);
        }
        Thread.sleep(50);
      }
      process.destroyForcibly();
      throw new IOException("backend neither started nor failed within 60 s: " + Files.readString(log));
    }
  }

  private static Launch launch(Path dir, String... settings) throws IOException {
    int port = RedisServerProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.belay.backends.testing.BackendMain",
        "--port", Integer.toString(port), "--dir", dir.toString()));
    cmd.addAll(List.of(settings));
    Path log = Files.createTempFile("belay-backend", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Launch(p, port, log);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** kill -9: Process.destroyForcibly sends SIGKILL on Linux. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the process to exit by itself; its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("backend did not exit");
    }
    return process.exitValue();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
