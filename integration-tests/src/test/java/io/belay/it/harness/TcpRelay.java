package io.belay.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP relay that forwards every connection to one target, and that a test can cut as a
 * firewall cuts a network: the established connections of chosen source addresses go silent
 * (their bytes are dropped in both directions, nothing is closed, so each side notices only
 * when its heartbeats time out) and new connections from those sources are rejected, while
 * the processes on both sides keep running.
 */
public final class TcpRelay implements AutoCloseable {

  private static final Predicate<String> NOTHING = source -> false;

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<String> journal = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> blocked = NOTHING;
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

  /** Lets new connections through again and closes the silenced ones, whose streams are broken. */
  public void heal() {
    blocked = NOTHING;
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
      if (blocked.test(source)) {
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
    Link link = new Link(source, client, upstream);
    link.dropped = blocked.test(source);
    links.add(link);
    note("opened " + link + (link.dropped ? " (silenced)" : ""));
    pump(link, client, upstream);
    pump(link, upstream, client);
  }

  /** Copies {@code from} to {@code to} until either closes, dropping the bytes while silenced. */
  private void pump(Link link, Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!link.dropped) {
            out.write(buffer, 0, n);
            out.flush();
            link.bytes += n;
            link.lastByte = System.currentTimeMillis();
          }
        }
      } catch (IOException e) {
        // the other side closed, or the relay cut the link
      } finally {
        link.close();
      }
    }, "relay-pump-" + port());
    t.setDaemon(true);
    t.start();
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
    final Socket client;
    final Socket upstream;
    volatile boolean dropped;
    volatile long bytes;
    volatile long lastByte;

    Link(String source, Socket client, Socket upstream) {
      this.source = source;
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
