package io.belay.election.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/** A real redis-server process on a loopback port, for integration tests. */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a master ({@code replicaOf} 0) or a replica of the server on {@code replicaOf}. */
  public static RedisServer start(int port, int replicaOf) throws IOException {
    RedisServer s = new RedisServer(port, Files.createTempDirectory("belay-election-redis"));
    s.launch(replicaOf);
    return s;
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public void launch(int replicaOf) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--protected-mode", "no", "--repl-diskless-sync", "yes",
        "--repl-diskless-sync-delay", "0", "--loglevel", "warning"));
    if (replicaOf > 0) {
      cmd.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(replicaOf)));
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        new Socket("127.0.0.1", port).close();
        return;
      } catch (IOException e) {
        sleep(20);
      }
    }
    throw new IOException("redis-server on " + port + " did not start");
  }

  /** kill -9 */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** The first element of ROLE: master or slave. */
  public String role() {
    try (Jedis j = jedis()) {
      return (String) j.role().get(0);
    }
  }

  /** "host:port" of the master this replica follows, or null for a master. */
  public String masterOf() {
    try (Jedis j = jedis()) {
      List<Object> role = j.role();
      if (!"slave".equals(role.get(0))) {
        return null;
      }
      return role.get(1) + ":" + role.get(2);
    }
  }

  public String linkStatus() {
    try (Jedis j = jedis()) {
      String info = j.info("replication");
      for (String line : info.split("\r\n")) {
        if (line.startsWith("master_link_status:")) {
          return line.substring("master_link_status:".length());
        }
      }
      return null;
    }
  }

  public Jedis jedis() {
    return new Jedis("127.0.0.1", port, 2000);
  }

  @Override
  public void close() {
    kill();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
