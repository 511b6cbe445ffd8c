package io.belay.protocol.testing;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ReplyDecoder;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;

/** A blocking test client built from this module's own writer and reply decoder. */
public final class RespClient implements AutoCloseable {

  private static final int TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ArrayDeque<RespValue> replies = new ArrayDeque<>();
  private final ReplyDecoder decoder = new ReplyDecoder(DecoderLimits.DEFAULTS, replies::add);
  private final byte[] readBuffer = new byte[64 * 1024];

  public RespClient(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public RespValue call(String... args) throws IOException {
    send(new RespWriter().command(args).drain());
    return read();
  }

  public RespValue call(byte[]... args) throws IOException {
    send(new RespWriter().command(args).drain());
    return read();
  }

  public void send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  /** The next reply; throws {@link EOFException} when the server closed the connection first. */
  public RespValue read() throws IOException {
    while (replies.isEmpty()) {
      int n = in.read(readBuffer);
      if (n < 0) {
        throw new EOFException("connection closed by the server");
      }
      decoder.feed(readBuffer, 0, n);
    }
    return replies.poll();
  }

  /** True when the server closes the connection within {@code millis} without replying. */
  public boolean closedWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return in.read(readBuffer) < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      socket.setSoTimeout(TIMEOUT_MILLIS);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
