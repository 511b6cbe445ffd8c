package io.belay.backends.testing;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ReplyDecoder;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking RESP client that returns replies exactly as decoded (type for type), for
 * tests that compare a backend with redis-server at the protocol level.
 */
public final class RawClient implements Closeable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ArrayDeque<RespValue> replies = new ArrayDeque<>();
  private final ReplyDecoder decoder = new ReplyDecoder(DecoderLimits.DEFAULTS, replies::add);
  private final byte[] buf = new byte[64 * 1024];

  public RawClient(String host, int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public RawClient(int port) throws IOException {
    this("127.0.0.1", port);
  }

  /** Sends one command and waits for its reply. */
  public RespValue call(Object... args) throws IOException {
    send(args);
    return read();
  }

  /** Sends a command as bulk strings; {@code byte[]} arguments are sent as they are. */
  public void send(Object... args) throws IOException {
    RespWriter w = new RespWriter();
    w.arrayHeader(args.length);
    for (Object a : args) {
      if (a instanceof byte[] b) {
        w.bulk(b);
      } else {
        w.bulk(String.valueOf(a));
      }
    }
    out.write(w.drain());
    out.flush();
  }

  /** Sends raw bytes (malformed input, inline commands). */
  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next reply; throws on timeout or when the server closed the connection. */
  public RespValue read() throws IOException {
    while (replies.isEmpty()) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("connection closed by server");
      }
      decoder.feed(buf, 0, n);
    }
    return replies.poll();
  }

  /** The next {@code n} replies. */
  public List<RespValue> read(int n) throws IOException {
    List<RespValue> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(read());
    }
    return out;
  }

  /** True if the server closed the connection (reads to EOF, within the socket timeout). */
  public boolean isClosedByServer() throws IOException {
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          return true;
        }
        decoder.feed(buf, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  public void setTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
