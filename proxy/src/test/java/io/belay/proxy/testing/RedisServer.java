package io.belay.proxy.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/** A real redis-server process on a free loopback port, for process-level tests. */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Process process;
  private final Path dir;

  private RedisServer(int port, Process process, Path dir) {
    this.port = port;
    this.process = process;
    this.dir = dir;
  }

  /** Starts a master, or a replica of {@code replicaOf} when not null. */
  public static RedisServer start(Integer replicaOf, String... extra) throws Exception {
    int port = freePort();
    Path dir = Files.createTempDirectory("belay-proxy-redis");
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--protected-mode", "no", "--repl-diskless-sync", "yes",
        "--repl-diskless-sync-delay", "0", "--loglevel", "warning",
        "--enable-debug-command", "yes"));
    if (replicaOf != null) {
      command.addAll(List.of("--replicaof", "127.0.0.1", replicaOf.toString()));
    }
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(new File(dir.toFile(), "redis.log"))
        .start();
    RedisServer server = new RedisServer(port, process, dir);
    Eventually.eventually(Duration.ofSeconds(10), () -> {
      try (Jedis jedis = server.jedis()) {
        return "PONG".equals(jedis.ping());
      }
    });
    return server;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public Jedis jedis() {
    return new Jedis("127.0.0.1", port);
  }

  /** {@code INFO section} as text. */
  public String info(String section) {
    try (Jedis jedis = jedis()) {
      return jedis.info(section);
    }
  }

  /** A numeric field of INFO, or -1. */
  public long infoField(String section, String field) {
    for (String line : info(section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    return -1;
  }

  /** How many times {@code command} ran, from INFO commandstats. */
  public long calls(String command) {
    String prefix = "cmdstat_" + command + ":calls=";
    for (String line : info("commandstats").split("\r\n")) {
      if (line.startsWith(prefix)) {
        String rest = line.substring(prefix.length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }

  public void resetStats() {
    try (Jedis jedis = jedis()) {
      jedis.configResetStat();
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Kills the process at once, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    File[] files = dir.toFile().listFiles();
    if (files != null) {
      for (File f : files) {
        f.delete();
      }
    }
    dir.toFile().delete();
  }
}
