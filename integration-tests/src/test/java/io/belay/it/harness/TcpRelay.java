package io.belay.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP relay that forwards every connection to one target, and that a test can cut as a
 * firewall cuts a network: the established connections of chosen source addresses go silent
 * (their bytes are dropped in both directions, nothing is closed, so each side notices only
 * when its heartbeats time out) and new connections from those sources are rejected, while
 * the processes on both sides keep running.
 *
 * <p>Every process here connects from 127.0.0.1, so the relay can also cut by process: the
 * connections whose client end a given pid holds (see {@link SocketOwners}). And it can delay a
 * link instead of cutting it: every byte leaves a fixed time after it arrived, in order.
 */
public final class TcpRelay implements AutoCloseable {

  private static final Predicate<String> NOTHING = source -> false;

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<String> journal = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> blocked = NOTHING;
  private volatile Set<Long> blockedOwners = Set.of();
  private volatile long delayNanos;
  private volatile boolean closed;

  private TcpRelay(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A relay on {@code host:port}, forwarding to {@code targetHost:targetPort}. */
  public static TcpRelay start(String host, int port, String targetHost, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host));
    TcpRelay relay = new TcpRelay(server, targetHost, targetPort);
    Thread accept = new Thread(relay::acceptLoop, "relay-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
    return relay;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** What the relay did, one line per connection opened, silenced or closed, for post-mortems. */
  public List<String> journal() {
    return List.copyOf(journal);
  }

  private void note(String what) {
    journal.add(java.time.LocalTime.now() + " " + what);
  }

  /**
   * Silences the connections whose source address matches: their bytes are dropped from now
   * on, and new ones from such sources are closed as soon as they are accepted.
   */
  public void cut(Predicate<String> sourceAddress) {
    blocked = sourceAddress;
    for (Link link : links) {
      if (sourceAddress.test(link.source)) {
        link.dropped = true;
        note("silenced " + link);
      }
    }
  }

  /**
   * Silences the connections that the processes {@code pids} opened, and rejects their new
   * ones; everybody else's keep flowing. Until {@link #heal}.
   */
  public void cutProcesses(Set<Long> pids) {
    blockedOwners = Set.copyOf(pids);
    // who holds what first, in one pass; then every one of their links goes silent at once
    List<Link> now = List.copyOf(links);
    java.util.Map<Integer, Long> owners = SocketOwners.owners(
        now.stream().map(l -> l.sourcePort).toList(), port(), pids);
    List<Link> cut = now.stream().filter(l -> owners.containsKey(l.sourcePort)).toList();
    cut.forEach(l -> l.dropped = true);
    for (Link link : cut) {
      link.owner = owners.get(link.sourcePort);
      note("silenced " + link + " of pid " + link.owner);
    }
  }

  /** From now on every byte, both ways, leaves {@code delay} after it arrived; zero for none. */
  public void delay(java.time.Duration delay) {
    delayNanos = delay.toNanos();
    note("delay " + delay.toMillis() + " ms");
  }

  /** Lets new connections through again and closes the silenced ones, whose streams are broken. */
  public void heal() {
    blocked = NOTHING;
    blockedOwners = Set.of();
    for (Link link : links) {
      if (link.dropped) {
        link.close();
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      String source = client.getInetAddress().getHostAddress();
      Set<Long> owners = blockedOwners;
      if (blocked.test(source) || (!owners.isEmpty()
          && owners.contains(SocketOwners.owner(client.getPort(), port(), owners)))) {
        note("rejected " + client.getRemoteSocketAddress());
        closeQuietly(client);
        continue;
      }
      Thread connect = new Thread(() -> open(client, source), "relay-link-" + port());
      connect.setDaemon(true);
      connect.start();
    }
  }

  private void open(Socket client, String source) {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Link link = new Link(source, client.getPort(), client, upstream);
    link.dropped = blocked.test(source);
    links.add(link);
    note("opened " + link + (link.dropped ? " (silenced)" : ""));
    pump(link, client, upstream);
    pump(link, upstream, client);
  }

  /**
   * Copies {@code from} to {@code to} until either closes, dropping the bytes while silenced.
   * A reader takes the bytes as they come and a writer sends each chunk once it is due, so a
   * delay adds latency without limiting throughput.
   */
  private void pump(Link link, Socket from, Socket to) {
    java.util.concurrent.LinkedBlockingQueue<Chunk> due = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!link.dropped) {
            due.add(new Chunk(System.nanoTime() + delayNanos, java.util.Arrays.copyOf(buffer, n)));
          }
        }
      } catch (IOException e) {
        // the other side closed, or the relay cut the link
      } finally {
        due.add(Chunk.END);
      }
    }, "relay-read-" + port());
    Thread writer = new Thread(() -> {
      try (OutputStream out = to.getOutputStream()) {
        while (true) {
          Chunk c = due.take();
          if (c == Chunk.END) {
            break;
          }
          long wait = c.dueNanos() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          if (!link.dropped) {
            out.write(c.bytes());
            out.flush();
            link.bytes += c.bytes().length;
            link.lastByte = System.currentTimeMillis();
          }
        }
      } catch (IOException | InterruptedException e) {
        // the other side closed, or the relay cut the link
      } finally {
        link.close();
      }
    }, "relay-write-" + port());
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  /** Bytes read from one side, and when they may leave for the other. */
  private record Chunk(long dueNanos, byte[] bytes) {
    static final Chunk END = new Chunk(0, new byte[0]);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    links.forEach(Link::close);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }

  private final class Link {
    final String source;
    final int sourcePort;
    /** The pid holding the client end as of the last cut by process, -1 when none of those. */
    volatile long owner = -1;
    final Socket client;
    final Socket upstream;
    volatile boolean dropped;
    volatile long bytes;
    volatile long lastByte;

    Link(String source, int sourcePort, Socket client, Socket upstream) {
      this.source = source;
      this.sourcePort = sourcePort;
      this.client = client;
      this.upstream = upstream;
    }

    @Override
    public String toString() {
      return client.getRemoteSocketAddress() + " -> " + targetHost + ":" + targetPort;
    }

    void close() {
      if (links.contains(this)) {
        note("closed " + this + " after " + bytes + " bytes, the last at "
            + java.time.Instant.ofEpochMilli(lastByte));
      }
      closeQuietly(client);
      closeQuietly(upstream);
      links.remove(this);
    }
  }
}
