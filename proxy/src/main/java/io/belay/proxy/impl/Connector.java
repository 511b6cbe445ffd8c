package io.belay.proxy.impl;

import io.belay.proxy.InProcessBackend;
import io.belay.proxy.ProxyGroup;
import io.vertx.core.Context;
import io.vertx.core.net.NetClient;
import java.util.Optional;

/** Opens the transport of a new backend connection: in-process when registered, else TCP. */
final class Connector {

  private final ProxyGroup group;
  private final NetClient client;
  private final Context context;

  Connector(ProxyGroup group, NetClient client, Context context) {
    this.group = group;
    this.client = client;
    this.context = context;
  }

  Context context() {
    return context;
  }

  void open(BackendConnection connection) {
    Optional<InProcessBackend> embedded = group.inProcess(connection.backend());
    if (embedded.isPresent()) {
      connection.attach(new InProcessTransport(embedded.get(), connection, context));
      return;
    }
    client.connect(connection.backend().port(), connection.backend().host())
        .onComplete(result -> {
          if (result.failed()) {
            connection.connectFailed(result.cause());
          } else if (connection.isClosed()) {
            result.result().close();
          } else {
            connection.attach(new SocketTransport(result.result(), connection));
          }
        });
  }
}
