package io.belay.it.harness;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test as its own OS process — {@code belay backend}, {@code belay node} or a
 * stock {@code redis-server} — that a test can kill -9, pause with SIGSTOP, resume and
 * restart on the same directory.
 */
public final class NodeProcess implements Closeable {

  private final List<String> command;
  private final Path dir;
  private final Path log;
  private final int port;
  private Process process;

  private NodeProcess(List<String> command, Path dir, int port) {
    this.command = command;
    this.dir = dir;
    this.port = port;
    this.log = dir.resolve("process.log");
  }

  /** {@code belay backend --port P --dir D} plus {@code args}, started and ready. */
  public static NodeProcess belayBackend(Path dir, int port, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-jar", jar(), "backend", "--port",
        Integer.toString(port), "--dir", dir.toString()));
    cmd.addAll(List.of(args));
    NodeProcess p = new NodeProcess(cmd, dir, port);
    p.start();
    return p;
  }

  /**
   * {@code belay node --config FILE} with extra JVM options, started in {@code dir} and ready
   * once {@code readyPort} (its ops HTTP port, which a node binds last) accepts connections.
   */
  public static NodeProcess belayNode(Path dir, Path config, int readyPort, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx384m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar(), "node", "--config", config.toString()));
    NodeProcess p = new NodeProcess(cmd, dir, readyPort);
    try {
      p.start();
    } catch (IOException | InterruptedException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** A stock {@code redis-server} on {@code port} in {@code dir}, plus {@code args}. */
  public static NodeProcess redisServer(Path dir, int port, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no"));
    cmd.addAll(List.of(args));
    NodeProcess p = new NodeProcess(cmd, dir, port);
    p.start();
    return p;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String jar() {
    String jar = System.getProperty("belay.jar", "../ops/target/belay.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException(jar + " is missing: build the ops module first (mvn -pl ops -am package)");
    }
    return jar;
  }

  public void start() throws IOException, InterruptedException {
    Files.createDirectories(dir);
    process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    awaitPort();
  }

  private void awaitPort() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("process exited with " + process.exitValue() + ": " + command + "\n" + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nothing listens on port " + port + " after 60 s: " + command + "\n" + logTail());
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no chance to save or flush anything. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then wait for a clean exit. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  /** Waits for the process to exit by itself (after SHUTDOWN). */
  public boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
