package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import java.nio.charset.StandardCharsets;

/** CLIENT SETNAME, GETNAME, ID, INFO and SETINFO: the connection is the proxy's, so are they. */
final class ClientCommands {

  static final RespValue INVALID_NAME = new RespValue.Error(
      "ERR Client names cannot contain spaces, newlines or special characters.");
  private static final RespValue OK = new RespValue.SimpleString("OK");

  private final Dispatcher dispatcher;
  private final ClientState client;
  private final LoopContext loop;

  ClientCommands(Dispatcher dispatcher, ClientState client, LoopContext loop) {
    this.dispatcher = dispatcher;
    this.client = client;
    this.loop = loop;
  }

  void handle(Call call, String command) {
    byte[][] args = call.args;
    switch (command) {
      case "client|setname" -> {
        if (args.length != 3) {
          dispatcher.answer(call, LocalCommands.wrongArity(command));
          return;
        }
        String name = new String(args[2], StandardCharsets.UTF_8);
        if (!validName(name)) {
          dispatcher.answer(call, INVALID_NAME);
          return;
        }
        client.name = name.isEmpty() ? null : name;
        dispatcher.answer(call, OK);
      }
      case "client|getname" -> dispatcher.answer(call, args.length != 2
          ? LocalCommands.wrongArity(command)
          : client.name == null ? new RespValue.Null('$') : RespValue.bulk(client.name));
      case "client|id" -> dispatcher.answer(call, args.length != 2
          ? LocalCommands.wrongArity(command) : new RespValue.Integer(client.id));
      case "client|info" -> dispatcher.answer(call, args.length != 2
          ? LocalCommands.wrongArity(command)
          : new RespValue.Verbatim("txt", Resp.bytes(info() + "\n")));
      case "client|setinfo" -> setInfo(call);
      default -> dispatcher.answer(call, LocalCommands.error("ERR unknown subcommand '"
          + command.substring("client|".length()) + "'. Try CLIENT HELP."));
    }
  }

  private void setInfo(Call call) {
    byte[][] args = call.args;
    if (args.length != 4) {
      dispatcher.answer(call, LocalCommands.wrongArity("client|setinfo"));
      return;
    }
    String value = new String(args[3], StandardCharsets.UTF_8);
    if (Resp.is(args[2], "lib-name")) {
      if (!validName(value)) {
        dispatcher.answer(call, LocalCommands.error(
            "ERR lib-name cannot contain spaces, newlines or special characters."));
        return;
      }
      client.libName = value;
    } else if (Resp.is(args[2], "lib-ver")) {
      if (!validName(value)) {
        dispatcher.answer(call, LocalCommands.error(
            "ERR lib-ver cannot contain spaces, newlines or special characters."));
        return;
      }
      client.libVersion = value;
    } else {
      dispatcher.answer(call, LocalCommands.error("ERR Unrecognized option '"
          + new String(args[2], StandardCharsets.UTF_8) + "'"));
      return;
    }
    dispatcher.answer(call, OK);
  }

  /** Redis accepts printable ASCII without spaces (an empty name clears it). */
  static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /** A CLIENT INFO line with the fields the proxy knows, named as Redis names them. */
  private String info() {
    Subscriber subscriber = dispatcher.subscriber();
    long now = System.nanoTime();
    return "id=" + client.id
        + " addr=" + client.address
        + " laddr=" + client.localAddress
        + " name=" + (client.name == null ? "" : client.name)
        + " age=" + (now - client.createdNanos) / 1_000_000_000L
        + " idle=" + (now - client.lastActivityNanos) / 1_000_000_000L
        + " flags=" + (client.current.inMulti() ? "x" : subscriber.active() ? "P" : "N")
        + " db=" + client.db
        + " sub=" + subscriber.count("subscribe")
        + " psub=" + subscriber.count("psubscribe")
        + " ssub=" + subscriber.count("ssubscribe")
        + " multi=" + (client.current.inMulti() ? 0 : -1)
        + " cmd=" + client.lastCommand
        + " user=default"
        + " resp=" + client.protocol
        + " lib-name=" + (client.libName == null ? "" : client.libName)
        + " lib-ver=" + (client.libVersion == null ? "" : client.libVersion)
        + " group=" + loop.group().name();
  }
}
