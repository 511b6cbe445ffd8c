package io.belay.proxy.impl;

import io.belay.protocol.RespValue;
import io.belay.protocol.command.CommandSpec;
import io.belay.proxy.ProxyMetrics.ErrorType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands the proxy answers itself: connection state it owns (protocol, authentication,
 * database, name) and introspection of the proxy. Replies follow redis-server 7.0 word for word.
 */
final class LocalCommands {

  private static final RespValue OK = new RespValue.SimpleString("OK");

  private final Session session;
  private final Dispatcher dispatcher;
  private final ClientState client;
  private final LoopContext loop;
  private final ClientCommands clientCommands;

  LocalCommands(Session session, Dispatcher dispatcher, ClientState client, LoopContext loop) {
    this.session = session;
    this.dispatcher = dispatcher;
    this.client = client;
    this.loop = loop;
    this.clientCommands = new ClientCommands(dispatcher, client, loop);
  }

  /** Answers {@code command}; false when it must wait (RESET for in-flight commands). */
  boolean handle(Call call, String command) {
    if (!command.equals("ping") && !command.equals("quit") && !command.equals("reset")) {
      Subscriber.Gate gate = dispatcher.subscriber().gate(call);
      if (gate != Subscriber.Gate.PASS) {
        return gate == Subscriber.Gate.REFUSED;
      }
    }
    switch (command) {
      case "ping" -> ping(call);
      case "echo" -> echo(call);
      case "hello" -> hello(call);
      case "auth" -> auth(call);
      case "select" -> select(call);
      case "quit" -> quit(call);
      case "reset" -> {
        return reset(call);
      }
      case "info" -> {
        return info(call);
      }
      default -> {
        if (command.startsWith("client|")) {
          clientCommands.handle(call, command);
        } else if (command.equals("command") || command.startsWith("command|")) {
          return command(call, command);
        } else {
          dispatcher.answer(call, error("ERR unknown command '" + command + "'"));
        }
      }
    }
    return true;
  }

  static RespValue error(String message) {
    return new RespValue.Error(message);
  }

  static RespValue wrongArity(String command) {
    return error("ERR wrong number of arguments for '" + command + "' command");
  }

  private void ping(Call call) {
    if (call.args.length > 2) {
      dispatcher.answer(call, wrongArity("ping"));
    } else if (client.protocol == 2 && dispatcher.subscriber().active()) {
      // Redis's answer to PING in RESP2 subscribed mode: a pong "message".
      byte[] payload = call.args.length == 2 ? call.args[1] : new byte[0];
      dispatcher.answer(call, new RespValue.Array(List.of(RespValue.bulk("pong"),
          new RespValue.BulkString(payload))));
    } else if (call.args.length == 2) {
      dispatcher.answer(call, new RespValue.BulkString(call.args[1]));
    } else {
      dispatcher.answer(call, new RespValue.SimpleString("PONG"));
    }
  }

  private void echo(Call call) {
    dispatcher.answer(call, call.args.length == 2
        ? new RespValue.BulkString(call.args[1]) : wrongArity("echo"));
  }

  private void auth(Call call) {
    if (call.args.length < 2 || call.args.length > 3) {
      dispatcher.answer(call, wrongArity("auth"));
      return;
    }
    Optional<String> password = loop.options().requirePass();
    if (password.isEmpty()) {
      dispatcher.answer(call, error("ERR AUTH <password> called without any password configured"
          + " for the default user. Are you sure your configuration is correct?"));
      return;
    }
    byte[] user = call.args.length == 3 ? call.args[1] : Resp.bytes("default");
    if (authenticates(user, call.args[call.args.length - 1])) {
      client.authenticated = true;
      dispatcher.answer(call, OK);
    } else {
      wrongPass(call);
    }
  }

  private boolean authenticates(byte[] user, byte[] password) {
    Optional<String> expected = loop.options().requirePass();
    return expected.isPresent() && Resp.is(user, "default")
        && MessageDigest.isEqual(Resp.bytes(expected.get()), password);
  }

  private void wrongPass(Call call) {
    loop.metrics().error(ErrorType.AUTH);
    dispatcher.answer(call, error("WRONGPASS invalid username-password pair or user is disabled."));
  }

  private void hello(Call call) {
    byte[][] args = call.args;
    int protocol = client.protocol;
    if (args.length >= 2) {
      Long version = Resp.parseLong(args[1]);
      if (version == null) {
        dispatcher.answer(call, error("ERR Protocol version is not an integer or out of range"));
        return;
      }
      if (version < 2 || version > 3) {
        dispatcher.answer(call, error("NOPROTO unsupported protocol version"));
        return;
      }
      protocol = version.intValue();
    }
    byte[] user = null;
    byte[] password = null;
    String name = null;
    for (int i = 2; i < args.length; i++) {
      boolean more = i + 1 < args.length;
      if (Resp.is(args[i], "auth") && i + 2 < args.length) {
        user = args[i + 1];
        password = args[i + 2];
        i += 2;
      } else if (Resp.is(args[i], "setname") && more) {
        name = new String(args[i + 1], StandardCharsets.UTF_8);
        i++;
      } else {
        dispatcher.answer(call, error("ERR Syntax error in HELLO option '"
            + new String(args[i], StandardCharsets.UTF_8) + "'"));
        return;
      }
    }
    if (password != null) {
      if (loop.options().requirePass().isEmpty() || !authenticates(user, password)) {
        wrongPass(call);
        return;
      }
      client.authenticated = true;
    }
    if (!client.authenticated) {
      dispatcher.answer(call, error("NOAUTH HELLO must be called with the client already"
          + " authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used"
          + " to authenticate the client and select the RESP protocol version at the same time"));
      return;
    }
    if (name != null && !ClientCommands.validName(name)) {
      dispatcher.answer(call, ClientCommands.INVALID_NAME);
      return;
    }
    if (name != null) {
      client.name = name.isEmpty() ? null : name;
    }
    client.protocol = protocol;
    dispatcher.answer(call, new RespValue.Map(List.of(
        RespValue.bulk("server"), RespValue.bulk("redis"),
        RespValue.bulk("version"), RespValue.bulk(ProxyInfo.REDIS_VERSION),
        RespValue.bulk("proto"), new RespValue.Integer(protocol),
        RespValue.bulk("id"), new RespValue.Integer(client.id),
        RespValue.bulk("mode"), RespValue.bulk("standalone"),
        RespValue.bulk("role"), RespValue.bulk("master"),
        RespValue.bulk("modules"), new RespValue.Array(List.of()))));
  }

  private void select(Call call) {
    if (call.args.length != 2) {
      dispatcher.answer(call, wrongArity("select"));
      return;
    }
    Long db = Resp.parseLong(call.args[1]);
    if (db == null || db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
      dispatcher.answer(call, error("ERR value is not an integer or out of range"));
    } else if (db < 0 || db >= loop.options().databases()) {
      dispatcher.answer(call, error("ERR DB index is out of range"));
    } else {
      client.db = db.intValue();
      dispatcher.answer(call, OK);
    }
  }

  private void quit(Call call) {
    call.protocol = client.protocol;
    dispatcher.answer(call, OK);
    // Nothing the client sent after QUIT runs; the connection closes once the +OK is out.
    dispatcher.discardQueued();
    session.closeAfter(call.slot);
  }

  /** RESET waits for the session's commands in flight: it ends their transaction and watches. */
  private boolean reset(Call call) {
    if (!dispatcher.nothingInFlight()) {
      return false;
    }
    dispatcher.reset();
    client.reset(loop.options().requirePass().isEmpty());
    session.authenticationChanged();
    dispatcher.answer(call, new RespValue.SimpleString("RESET"));
    return true;
  }

  /** INFO: a {@code # Proxy} section of the proxy's own, then the master's INFO. */
  private boolean info(Call call) {
    List<byte[]> forwarded = new ArrayList<>();
    boolean proxySection = call.args.length == 1;
    forwarded.add(call.args[0]);
    for (int i = 1; i < call.args.length; i++) {
      String section = new String(call.args[i], StandardCharsets.UTF_8);
      if (section.equalsIgnoreCase("proxy")) {
        proxySection = true;
        continue;
      }
      if (section.equalsIgnoreCase("all") || section.equalsIgnoreCase("everything")
          || section.equalsIgnoreCase("default")) {
        proxySection = true;
      }
      forwarded.add(call.args[i]);
    }
    String ours = proxySection ? ProxyInfo.section(loop, client) : "";
    if ((call.args.length > 1 && forwarded.size() == 1) || dispatcher.master() == null) {
      dispatcher.answer(call, new RespValue.Verbatim("txt", Resp.bytes(ours)));
      return true;
    }
    byte[][] args = forwarded.toArray(new byte[0][]);
    return dispatcher.forwardToMaster(call, args, reply -> {
      String theirs = Resp.text(reply);
      if (theirs == null) {
        return reply;
      }
      String joined = ours.isEmpty() ? theirs : ours + "\r\n" + theirs;
      return new RespValue.Verbatim("txt", Resp.bytes(joined));
    });
  }

  /** COMMAND COUNT and LIST from the proxy's table; the rest from the master, which knows more. */
  private boolean command(Call call, String command) {
    if (command.equals("command|count") && call.args.length == 2) {
      dispatcher.answer(call, new RespValue.Integer(loop.commands().size()));
      return true;
    }
    if (command.equals("command|list") && call.args.length == 2) {
      List<RespValue> names = new ArrayList<>();
      for (CommandSpec spec : loop.commands().all()) {
        names.add(RespValue.bulk(spec.name()));
      }
      dispatcher.answer(call, new RespValue.Array(names));
      return true;
    }
    return dispatcher.forwardToMaster(call, call.args, null);
  }
}
