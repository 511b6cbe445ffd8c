package io.belay.backends.replication;

import io.belay.backends.command.Args;
import io.belay.backends.command.Client;
import io.belay.backends.command.CommandException;
import io.belay.backends.command.CommandRegistry;
import io.belay.backends.command.Errors;
import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * REPLICAOF/SLAVEOF, ROLE, WAIT, the replica handshake (REPLCONF, PSYNC, SYNC), and
 * {@code BELAY}, the fenced control command Belay's election uses.
 */
final class ReplicationCommands {

  private final Replication r;

  ReplicationCommands(Replication replication) {
    this.r = replication;
  }

  void register(CommandRegistry reg) {
    reg.add("replicaof", this::replicaof);
    reg.add("slaveof", this::replicaof);
    reg.add("role", this::role);
    reg.add("wait", this::await);
    reg.add("replconf", this::replconf);
    reg.add("psync", this::psync);
    reg.add("sync", (c, a) -> r.sync(c, ip(c)));
    reg.addCustom(new CommandSpec("belay", -2,
        EnumSet.of(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE),
        0, 0, 0, List.of("admin", "dangerous"), List.of(), "server", Map.of()), this::belay);
    r.engine().onDisconnect(c -> {
      r.dropReplica(c);
      r.waits().forget(c);
    });
  }

  private static String ip(Client c) {
    String addr = c.transport().remoteAddress();
    int colon = addr.lastIndexOf(':');
    return colon < 0 ? addr : addr.substring(0, colon);
  }

  private void replicaof(Client c, byte[][] args) {
    if (Args.is(args[1], "no") && Args.is(args[2], "one")) {
      r.promote();
      c.out.ok();
      return;
    }
    long port = Args.toLong(args[2], "ERR Invalid master port");
    if (port < 0 || port > 65535) {
      throw new CommandException("ERR Invalid master port");
    }
    String host = Args.str(args[1]);
    MasterLink link = r.link();
    if (link != null && link.host().equals(host) && link.port() == port) {
      c.out.simpleString("OK Already connected to specified master");
      return;
    }
    r.replicaOf(host, (int) port);
    c.out.ok();
  }

  private void role(Client c, byte[][] args) {
    MasterLink link = r.link();
    if (link == null) {
      c.out.arrayHeader(3).bulk("master").integer(r.offset()).arrayHeader(r.replicas().size());
      for (ReplicaHandle h : r.replicas()) {
        c.out.arrayHeader(3).bulk(h.ip).bulk(Integer.toString(h.listeningPort)).bulk(Long.toString(h.ackOffset));
      }
      return;
    }
    c.out.arrayHeader(5).bulk("slave").bulk(link.host()).integer(link.port()).bulk(link.roleState())
        .integer(link.isConnected() ? r.offset() : -1);
  }

  private void await(Client c, byte[][] args) {
    if (r.isReplica()) {
      throw new CommandException("ERR WAIT cannot be used with replica instances. Please also note that since Redis"
          + " 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just"
          + " local and are not propagated.");
    }
    long wanted = Args.toLong(args[1]);
    long timeout = Args.toLong(args[2], "ERR timeout is not an integer or out of range");
    if (timeout < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    r.waits().await(c, r.offset(), (int) Math.min(Integer.MAX_VALUE, wanted), timeout);
  }

  private void replconf(Client c, byte[][] args) {
    if (args.length % 2 == 0) {
      throw Errors.syntax();
    }
    for (int i = 1; i < args.length; i += 2) {
      String option = Args.lower(args[i]);
      switch (option) {
        case "listening-port" -> {
          r.handshake(c).listeningPort = (int) Args.toLong(args[i + 1]);
        }
        case "ip-address" -> r.handshake(c).ip = Args.str(args[i + 1]);
        case "capa" -> {
          if (Args.is(args[i + 1], "eof")) {
            r.handshake(c).capaEof = true;
          } else if (Args.is(args[i + 1], "psync2")) {
            r.handshake(c).capaPsync2 = true;
          }
        }
        case "ack" -> {
          // a replica's ack gets no reply: it would corrupt the stream direction
          r.ack(c, Args.toLong(args[i + 1]));
          return;
        }
        case "getack" -> {
          if (r.link() != null) {
            r.link().sendAck();
          }
          return;
        }
        case "rdb-only" -> {
          long only = Args.toLong(args[i + 1]);
          if (only != 0 && only != 1) {
            throw Errors.syntax();
          }
          r.handshake(c).rdbOnly = only == 1;
        }
        case "rdb-filter-only" -> {
          // the snapshot holds no functions to filter out: every snapshot already fits
        }
        default -> throw new CommandException("ERR Unrecognized REPLCONF option: " + Args.str(args[i]));
      }
    }
    c.out.ok();
  }

  private void psync(Client c, byte[][] args) {
    long offset;
    if (Args.is(args[2], "-1")) {
      offset = -1;
    } else {
      offset = Args.toLong(args[2]);
    }
    r.psync(c, Args.str(args[1]), offset, ip(c));
  }

  /**
   * BELAY EPOCH | BELAY FENCE epoch | BELAY PROMOTE epoch | BELAY REPLICAOF epoch host port:
   * the election's role changes, each refused when its epoch is older than the one recorded.
   */
  private void belay(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    if (sub.equals("epoch")) {
      c.out.integer(r.fence().epoch());
      return;
    }
    if (args.length < 3) {
      throw Errors.wrongArity("belay|" + sub);
    }
    long epoch = Args.toLong(args[2]);
    String refusal = r.fence().refusal(epoch);
    if (refusal != null) {
      throw new CommandException(refusal);
    }
    switch (sub) {
      case "fence" -> advance(epoch);
      case "promote" -> {
        advance(epoch);
        r.promote();
      }
      case "replicaof" -> {
        if (args.length != 5) {
          throw Errors.wrongArity("belay|replicaof");
        }
        long port = Args.toLong(args[4], "ERR Invalid master port");
        advance(epoch);
        r.replicaOf(Args.str(args[3]), (int) port);
      }
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try BELAY EPOCH.");
    }
    c.out.ok();
  }

  private void advance(long epoch) {
    try {
      r.fence().advance(epoch);
    } catch (IOException e) {
      throw new CommandException("ERR cannot record epoch " + epoch + ": " + e.getMessage());
    }
  }
}
