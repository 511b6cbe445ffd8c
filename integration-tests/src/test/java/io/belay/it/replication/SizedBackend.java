package io.belay.it.replication;

import io.belay.it.harness.NodeProcess;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code belay backend} process with a heap of the test's choosing: {@link NodeProcess}
 * gives every backend 1 GB, which a replica of a multi-gigabyte dataset outgrows.
 */
final class SizedBackend implements Closeable {

  private final Process process;
  private final int port;
  private final Path log;

  private SizedBackend(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** {@code java -Xmx<heap> -jar belay.jar backend --port P --dir D args...}, started and ready. */
  static SizedBackend start(Path dir, String heap, String... args) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = NodeProcess.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("belay.jar", "../ops/target/belay.jar");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-jar", jar, "backend", "--port",
        Integer.toString(port), "--dir", dir.toString()));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("process.log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    SizedBackend b = new SizedBackend(p, port, log);
    b.awaitPort();
    return b;
  }

  private void awaitPort() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("backend exited with " + process.exitValue() + "\n" + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nothing listens on port " + port + " after 60 s\n" + logTail());
  }

  int port() {
    return port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
