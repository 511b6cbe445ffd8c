package io.belay.protocol.testing;

import io.belay.protocol.RespValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway redis-server on a free loopback port, persistence off, for tests that use the
 * real server as the oracle. {@code redis-server} must be on the PATH: CI installs it, and a
 * missing server is a failure, not a skip.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final int ATTEMPTS = 3;
  private static final long READY_TIMEOUT_MILLIS = 10_000;

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static RedisServerProcess start() throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = freePort();
      Path dir = Files.createTempDirectory("belay-redis-");
      Process process;
      try {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
      } catch (IOException e) {
        deleteTree(dir);
        throw new IOException("cannot start redis-server (is it on the PATH?): " + e.getMessage(), e);
      }
      RedisServerProcess server = new RedisServerProcess(process, port, dir);
      try {
        server.awaitReady();
        return server;
      } catch (IOException e) {
        last = e; // most likely another process took the port between probe and bind
        server.close();
      }
    }
    throw last;
  }

  public int port() {
    return port;
  }

  public RespClient connect() throws IOException {
    return new RespClient("127.0.0.1", port);
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + ": " + log());
      }
      try (RespClient client = connect()) {
        if (new RespValue.SimpleString("PONG").equals(client.call("PING"))) {
          return;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("redis-server on port " + port + " not ready: " + log(), e);
        }
      }
      Thread.sleep(20);
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }
}
