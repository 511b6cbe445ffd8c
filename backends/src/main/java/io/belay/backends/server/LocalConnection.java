package io.belay.backends.server;

import io.belay.backends.command.Engine;
import io.vertx.core.Context;
import java.util.function.Consumer;

/**
 * A client connection from inside this JVM (the proxy in front of an embedded backend): the
 * same RESP in, RESP out as over a socket, without the socket. Bytes written by the peer are
 * moved onto the engine's context; replies are handed to {@code output} from it.
 */
public final class LocalConnection extends ClientConnection {

  private final Context engineContext;
  private final Consumer<byte[]> output;
  private final Runnable onClosed;
  private final String name;

  private LocalConnection(Engine engine, Context engineContext, Consumer<byte[]> output, Runnable onClosed,
      String name) {
    super(engine, engineContext);
    this.engineContext = engineContext;
    this.output = output;
    this.onClosed = onClosed;
    this.name = name;
  }

  /** The peer's end: commands in, close. Safe to use from any thread; never blocks. */
  public interface Peer {
    void write(byte[] commands);

    void close();
  }

  /**
   * Opens a connection from any thread. The connection is created on the engine's context,
   * and everything written is run there after it, in order.
   */
  public static Peer open(Engine engine, Context engineContext, String name, Consumer<byte[]> output,
      Runnable onClosed) {
    LocalConnection[] conn = new LocalConnection[1];
    engineContext.runOnContext(v -> conn[0] = new LocalConnection(engine, engineContext, output, onClosed, name));
    return new Peer() {
      @Override
      public void write(byte[] commands) {
        engineContext.runOnContext(v -> conn[0].receive(commands, 0, commands.length));
      }

      @Override
      public void close() {
        engineContext.runOnContext(v -> {
          if (!conn[0].closed) {
            conn[0].closed();
          }
        });
      }
    };
  }

  @Override
  protected void transmit(byte[] replies) {
    output.accept(replies);
  }

  @Override
  protected void closeChannel() {
    closed();
    onClosed.run();
  }

  @Override
  public long pendingWriteBytes() {
    return 0;
  }

  @Override
  public String remoteAddress() {
    return name;
  }

  @Override
  public String localAddress() {
    return "in-process";
  }
}
