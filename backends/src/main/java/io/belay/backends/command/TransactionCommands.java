package io.belay.backends.command;

import java.util.ArrayList;
import java.util.List;

/** MULTI, EXEC, DISCARD, WATCH and UNWATCH, with Redis's queued and EXECABORT semantics. */
final class TransactionCommands {

  private final Engine engine;

  TransactionCommands(Engine engine) {
    this.engine = engine;
  }

  void register(CommandRegistry r) {
    r.add("multi", this::multi);
    r.add("exec", this::exec);
    r.add("discard", this::discard);
    r.add("watch", this::watch);
    r.add("unwatch", this::unwatch);
  }

  private void multi(Client c, byte[][] args) {
    if (c.inMulti()) {
      throw new CommandException("ERR MULTI calls can not be nested");
    }
    c.queued = new ArrayList<>();
    c.multiError = false;
    c.out.ok();
  }

  private void discard(Client c, byte[][] args) {
    if (!c.inMulti()) {
      throw new CommandException("ERR DISCARD without MULTI");
    }
    reset(c);
    c.out.ok();
  }

  private void watch(Client c, byte[][] args) {
    if (c.inMulti()) {
      throw new CommandException("ERR WATCH inside MULTI is not allowed");
    }
    for (int i = 1; i < args.length; i++) {
      engine.watches().watch(c, c.db, args[i]);
    }
    c.out.ok();
  }

  private void unwatch(Client c, byte[][] args) {
    engine.watches().unwatchAll(c);
    c.out.ok();
  }

  private void exec(Client c, byte[][] args) {
    if (!c.inMulti()) {
      throw new CommandException("ERR EXEC without MULTI");
    }
    List<byte[][]> queued = c.queued;
    if (c.multiError) {
      reset(c);
      throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
    }
    if (c.dirtyCas) {
      reset(c);
      c.out.nullArray();
      return;
    }
    reset(c);
    c.out.arrayHeader(queued.size());
    c.inExec = true;
    try {
      for (byte[][] q : queued) {
        engine.call(c, engine.registry().lookup(q[0]), q);
      }
    } finally {
      c.inExec = false;
    }
  }

  private void reset(Client c) {
    c.queued = null;
    c.multiError = false;
    engine.watches().unwatchAll(c);
  }
}
