package io.belay.proxy.impl;

import io.belay.proxy.ProxyGroup;
import io.belay.proxy.ProxyOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * One event loop of a group's proxy: a listener on the group's address (Vert.x spreads accepted
 * connections over the instances sharing it), its sessions and its backend connections.
 * Machinery behind {@link io.belay.proxy.ProxyServer}; not an API.
 */
public final class ProxyVerticle extends VerticleBase {

  private static final Buffer MAX_CLIENTS =
      Buffer.buffer("-ERR max number of clients reached\r\n");

  private final ProxyGroup group;
  private final ServerState state;
  private final int port;
  private NetClient client;
  private NetServer server;
  private LoopContext loop;
  private long timer = -1;

  /**
   * @param port the port to listen on: the configured one for the first instance, the port it
   *             bound for the others (so that a configured 0 is shared)
   */
  public ProxyVerticle(ProxyGroup group, ServerState state, int port) {
    this.group = group;
    this.state = state;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    ProxyOptions options = group.options();
    client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true));
    loop = new LoopContext(group, state, context, client);
    state.register(loop);
    server = vertx.createNetServer(serverOptions(options));
    server.connectHandler(this::accept);
    timer = vertx.setPeriodic(options.pollInterval().toMillis(), id -> loop.tick());
    return server.listen().onSuccess(s -> state.port(s.actualPort()));
  }

  private NetServerOptions serverOptions(ProxyOptions options) {
    NetServerOptions net = new NetServerOptions()
        .setHost(options.host())
        .setPort(port)
        .setTcpNoDelay(true);
    // TLS only, with no plaintext fallback on the same port: a client that forgot TLS must not
    // get to send its AUTH password in the clear.
    options.tls().ifPresent(tls -> net.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(tls.certPath().toString())
        .setKeyPath(tls.keyPath().toString())));
    return net;
  }

  private void accept(NetSocket socket) {
    if (!state.admit()) {
      socket.write(MAX_CLIENTS).onComplete(v -> socket.close());
      return;
    }
    new Session(loop, socket, state.nextClientId()).start();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    state.unregister(loop);
    return server.close().eventually(() -> {
      loop.closeAll();
      return client.close();
    });
  }
}
