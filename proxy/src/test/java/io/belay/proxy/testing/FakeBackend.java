package io.belay.proxy.testing;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.RequestDecoder;
import io.belay.protocol.RespWriter;
import io.belay.proxy.InProcessBackend;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A tiny in-process backend for fast tests: strings in 16 databases, SELECT, HELLO, AUTH, ROLE,
 * WAIT, and HANG (never answers). It runs commands on its own thread, like an embedded backend
 * on its own event loop, and records every command it ran.
 */
public final class FakeBackend implements InProcessBackend, AutoCloseable {

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Map<String, byte[]> data = new ConcurrentHashMap<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final String password;
  private volatile long waitAnswer = 2;
  private volatile long delayMillis;
  private volatile boolean tellsOffset;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  public FakeBackend(String password) {
    this.password = password;
  }

  /** Commands run so far, upper-case name and arguments joined by spaces. */
  public List<String> log() {
    return log;
  }

  public long count(String name) {
    return log.stream().filter(c -> c.equals(name) || c.startsWith(name + " ")).count();
  }

  /** Makes the backend slow: every write waits this long before it runs. */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /**
   * Tells the proxy its replication offset directly (as the embedded backend does): the number
   * of commands run so far, the same figure ROLE answers.
   */
  public void tellOffset(boolean tells) {
    this.tellsOffset = tells;
  }

  @Override
  public boolean tellsReplicationOffset() {
    return tellsOffset;
  }

  @Override
  public long replicationOffset() {
    return log.size();
  }

  public void waitAnswer(long replicas) {
    this.waitAnswer = replicas;
  }

  /** Ends every open link, as a crash of the backend would. */
  public void dropConnections() {
    for (Link link : links) {
      link.close();
    }
  }

  @Override
  public Link open(Consumer<byte[]> output, Runnable closed) {
    FakeLink link = new FakeLink(output, closed);
    links.add(link);
    return link;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private final class FakeLink implements Link {
    private final Consumer<byte[]> output;
    private final Runnable closed;
    private final RequestDecoder decoder;
    private final RespWriter writer = new RespWriter();
    private int db;
    private boolean authenticated = password == null;
    private volatile boolean open = true;

    FakeLink(Consumer<byte[]> output, Runnable closed) {
      this.output = output;
      this.closed = closed;
      this.decoder = new RequestDecoder(DecoderLimits.DEFAULTS, this::run);
    }

    @Override
    public void write(byte[] commands) {
      thread.execute(() -> {
        if (delayMillis > 0) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (open) {
          decoder.feed(commands);
          if (!writer.isEmpty()) {
            output.accept(writer.drain());
          }
        }
      });
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        links.remove(this);
        thread.execute(closed);
      }
    }

    private void run(byte[][] args) {
      String name = new String(args[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
      StringBuilder line = new StringBuilder(name);
      for (int i = 1; i < args.length; i++) {
        line.append(' ').append(new String(args[i], StandardCharsets.UTF_8));
      }
      log.add(line.toString());
      if (!authenticated && !name.equals("AUTH") && !name.equals("HELLO")) {
        writer.error("NOAUTH Authentication required.");
        return;
      }
      switch (name) {
        case "AUTH" -> auth(new String(args[args.length - 1], StandardCharsets.UTF_8));
        case "HELLO" -> {
          writer.setProtocol(Integer.parseInt(new String(args[1], StandardCharsets.UTF_8)));
          if (args.length == 5) {
            auth(new String(args[4], StandardCharsets.UTF_8));
            if (!authenticated) {
              return;
            }
            writer.truncate(0);
          }
          writer.mapHeader(1).bulk("server").bulk("fake");
        }
        case "PING" -> writer.simpleString("PONG");
        case "SELECT" -> {
          db = Integer.parseInt(new String(args[1], StandardCharsets.UTF_8));
          writer.ok();
        }
        case "SET" -> {
          data.put(db + ":" + new String(args[1], StandardCharsets.UTF_8), args[2]);
          writer.ok();
        }
        case "GET" -> writer.bulk(data.get(db + ":" + new String(args[1], StandardCharsets.UTF_8)));
        case "INCR" -> {
          String key = db + ":" + new String(args[1], StandardCharsets.UTF_8);
          byte[] old = data.get(key);
          long next = (old == null ? 0 : Long.parseLong(new String(old, StandardCharsets.UTF_8))) + 1;
          data.put(key, Long.toString(next).getBytes(StandardCharsets.UTF_8));
          writer.integer(next);
        }
        case "ROLE" -> writer.arrayHeader(3).bulk("master").integer(log.size()).arrayHeader(0);
        case "WAIT" -> writer.integer(waitAnswer);
        case "INFO" -> writer.bulk("# Server\r\nrole:master\r\n");
        case "HANG" -> {
          // never answers: a backend that stopped responding
        }
        default -> writer.error("ERR unknown command '" + name.toLowerCase(Locale.ROOT) + "'");
      }
    }

    private void auth(String given) {
      if (password != null && password.equals(given)) {
        authenticated = true;
        writer.ok();
      } else {
        writer.error("WRONGPASS invalid username-password pair or user is disabled.");
      }
    }
  }
}
