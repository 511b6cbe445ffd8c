package io.belay.backends.command;

import java.util.ArrayList;
import java.util.List;

/** PING, ECHO, SELECT, HELLO, AUTH, QUIT, RESET and CLIENT. */
final class ConnectionCommands {

  static final String REDIS_VERSION = "7.0.15";

  private final Engine engine;

  ConnectionCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("ping", this::ping);
    r.add("echo", (c, a) -> c.out.bulk(a[1]));
    r.add("select", this::select);
    r.add("hello", this::hello);
    r.add("auth", this::auth);
    r.add("quit", this::quit);
    r.add("reset", this::reset);
    r.add("client", this::client);
  }

  private void ping(Client c, byte[][] args) {
    if (args.length > 2) {
      throw Errors.wrongArity("ping");
    }
    if (c.isSubscriber() && c.protocol() == 2) {
      c.out.arrayHeader(2).bulk("pong").bulk(args.length == 2 ? args[1] : new byte[0]);
    } else if (args.length == 2) {
      c.out.bulk(args[1]);
    } else {
      c.out.simpleString("PONG");
    }
  }

  private void select(Client c, byte[][] args) {
    long[] db = new long[1];
    if (!Args.parseLong(args[1], db)) {
      throw Errors.notInteger();
    }
    if (db[0] < 0 || db[0] >= engine.keyspace().databaseCount()) {
      throw new CommandException(Errors.DB_INDEX);
    }
    c.db = (int) db[0];
    c.out.ok();
  }

  private void auth(Client c, byte[][] args) {
    if (args.length > 3) {
      throw Errors.syntax();
    }
    String user = args.length == 3 ? Args.str(args[1]) : "default";
    String pass = Args.str(args[args.length - 1]);
    String required = engine.settings().requirePass();
    if (required == null && args.length == 2) {
      throw new CommandException("ERR AUTH <password> called without any password configured for the default user."
          + " Are you sure your configuration is correct?");
    }
    if (!"default".equals(user) || (required != null && !required.equals(pass))) {
      throw new CommandException(Errors.WRONGPASS);
    }
    c.authenticated = true;
    c.out.ok();
  }

  private void hello(Client c, byte[][] args) {
    int protocol = c.protocol();
    int i = 1;
    if (args.length >= 2) {
      long[] v = new long[1];
      if (!Args.parseLong(args[1], v)) {
        throw new CommandException("ERR Protocol version is not an integer or out of range");
      }
      if (v[0] < 2 || v[0] > 3) {
        throw new CommandException("NOPROTO unsupported protocol version");
      }
      protocol = (int) v[0];
      i = 2;
    }
    for (; i < args.length; i++) {
      if (Args.is(args[i], "auth") && i + 2 < args.length) {
        String required = engine.settings().requirePass();
        if (!"default".equals(Args.str(args[i + 1])) || (required != null && !required.equals(Args.str(args[i + 2])))) {
          throw new CommandException(Errors.WRONGPASS);
        }
        c.authenticated = true;
        i += 2;
      } else if (Args.is(args[i], "setname") && i + 1 < args.length) {
        c.name = validName(args[i + 1]);
        i++;
      } else {
        throw new CommandException("ERR Syntax error in HELLO option '" + Args.str(args[i]) + "'");
      }
    }
    if (!c.authenticated) {
      throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, otherwise the"
          + " HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP"
          + " protocol version at the same time");
    }
    c.out.setProtocol(protocol);
    c.out.mapHeader(7);
    c.out.bulk("server").bulk("redis");
    c.out.bulk("version").bulk(REDIS_VERSION);
    c.out.bulk("proto").integer(protocol);
    c.out.bulk("id").integer(c.id());
    c.out.bulk("mode").bulk("standalone");
    c.out.bulk("role").bulk(engine.keyspace().isReplica() ? "replica" : "master");
    c.out.bulk("modules").arrayHeader(0);
  }

  private void quit(Client c, byte[][] args) {
    c.out.ok();
    c.closeAfterReply();
  }

  private void reset(Client c, byte[][] args) {
    c.queued = null;
    c.multiError = false;
    engine.watches().unwatchAll(c);
    engine.pubsub().unsubscribeAll(c);
    c.db = 0;
    c.name = null;
    c.replyMode = Client.ReplyMode.ON;
    c.noEvict = false;
    c.out.setProtocol(2);
    c.authenticated = engine.settings().requirePass() == null;
    c.out.simpleString("RESET");
  }

  private void client(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    switch (sub) {
      case "setname" -> {
        c.name = validName(args[2]);
        c.out.ok();
      }
      case "getname" -> c.out.bulk(c.name == null ? null : Args.bytes(c.name));
      case "id" -> c.out.integer(c.id());
      case "info" -> c.out.verbatim("txt", Args.bytes(describe(c) + "\n"));
      case "list" -> {
        StringBuilder sb = new StringBuilder();
        for (Client other : listed(args)) {
          sb.append(describe(other)).append('\n');
        }
        c.out.verbatim("txt", Args.bytes(sb.toString()));
      }
      case "kill" -> kill(c, args);
      case "no-evict" -> {
        c.noEvict = onOff(args[2]);
        c.out.ok();
      }
      case "reply" -> {
        String mode = Args.lower(args[2]);
        switch (mode) {
          case "on" -> {
            c.replyMode = Client.ReplyMode.ON;
            c.out.ok();
          }
          case "off" -> c.replyMode = Client.ReplyMode.OFF;
          case "skip" -> c.replyMode = Client.ReplyMode.SKIP;
          default -> throw Errors.syntax();
        }
      }
      case "unblock" -> {
        long id = Args.toLong(args[2]);
        boolean error = false;
        if (args.length == 4) {
          if (Args.is(args[3], "error")) {
            error = true;
          } else if (!Args.is(args[3], "timeout")) {
            throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
          }
        }
        Client target = engine.client(id);
        c.out.integer(target != null && engine.blocking().unblockByRequest(target, error) ? 1 : 0);
      }
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try CLIENT HELP.");
    }
  }

  private List<Client> listed(byte[][] args) {
    List<Client> out = new ArrayList<>();
    if (args.length == 2) {
      out.addAll(engine.clients());
      return out;
    }
    if (args.length >= 4 && Args.is(args[2], "id")) {
      for (int i = 3; i < args.length; i++) {
        Client other = engine.client(Args.toLong(args[i]));
        if (other != null) {
          out.add(other);
        }
      }
      return out;
    }
    if (args.length == 4 && Args.is(args[2], "type")) {
      String type = Args.lower(args[3]);
      for (Client other : engine.clients()) {
        String t = other.isMaster() ? "master" : other.isSubscriber() ? "pubsub" : "normal";
        if (t.equals(type)) {
          out.add(other);
        }
      }
      if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
        throw new CommandException("ERR Unknown client type '" + Args.str(args[3]) + "'");
      }
      return out;
    }
    throw Errors.syntax();
  }

  private void kill(Client c, byte[][] args) {
    if (args.length == 3) {
      Client target = byAddress(Args.str(args[2]));
      if (target == null) {
        throw new CommandException("ERR No such client");
      }
      close(c, target);
      c.out.ok();
      return;
    }
    if (args.length % 2 != 0) {
      throw Errors.syntax();
    }
    boolean skipMe = true;
    List<Client> victims = new ArrayList<>(engine.clients());
    for (int i = 2; i < args.length; i += 2) {
      String filter = Args.lower(args[i]);
      String value = Args.str(args[i + 1]);
      switch (filter) {
        case "id" -> {
          long id = Args.toLong(args[i + 1], "ERR client-id should be greater than 0");
          victims.removeIf(v -> v.id() != id);
        }
        case "addr" -> victims.removeIf(v -> !v.transport().remoteAddress().equals(value));
        case "laddr" -> victims.removeIf(v -> !v.transport().localAddress().equals(value));
        case "type" -> victims.removeIf(v -> !(v.isMaster() ? "master" : v.isSubscriber() ? "pubsub" : "normal")
            .equals(value.toLowerCase(java.util.Locale.ROOT)));
        case "skipme" -> skipMe = onOff(args[i + 1]);
        default -> throw Errors.syntax();
      }
    }
    if (skipMe) {
      victims.remove(c);
    }
    for (Client v : victims) {
      close(c, v);
    }
    c.out.integer(victims.size());
  }

  private void close(Client self, Client target) {
    if (target == self) {
      self.closeAfterReply();
    } else {
      target.transport().close(target);
    }
  }

  private Client byAddress(String addr) {
    for (Client other : engine.clients()) {
      if (other.transport().remoteAddress().equals(addr)) {
        return other;
      }
    }
    return null;
  }

  private static boolean onOff(byte[] arg) {
    if (Args.is(arg, "on") || Args.is(arg, "yes")) {
      return true;
    }
    if (Args.is(arg, "off") || Args.is(arg, "no")) {
      return false;
    }
    throw Errors.syntax();
  }

  private static String validName(byte[] name) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
    return name.length == 0 ? null : Args.str(name);
  }

  /** One CLIENT LIST line, with the fields redis-server prints. */
  String describe(Client c) {
    long now = System.currentTimeMillis();
    String flags = (c.isMaster() ? "M" : "") + (c.inMulti() ? "x" : "") + (c.isBlocked() ? "b" : "")
        + (c.isSubscriber() ? "P" : "") + (c.noEvict ? "e" : "");
    return "id=" + c.id() + " addr=" + c.transport().remoteAddress() + " laddr=" + c.transport().localAddress()
        + " fd=8 name=" + (c.name == null ? "" : c.name) + " age=" + (now - c.createdAt()) / 1000
        + " idle=" + (now - c.lastInteraction) / 1000 + " flags=" + (flags.isEmpty() ? "N" : flags)
        + " db=" + c.db + " sub=" + c.channels.size() + " psub=" + c.patterns.size() + " ssub=0 multi="
        + (c.inMulti() ? c.queued.size() : -1) + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0"
        + " oll=0 omem=" + c.out.size() + " tot-mem=" + c.out.size() + " events=r cmd=" + c.lastCommand
        + " user=default redir=-1 resp=" + c.protocol();
  }
}
