package io.belay.backends.persistence.impl;

import io.belay.backends.command.Args;
import io.belay.backends.command.Client;
import io.belay.backends.command.CommandException;
import io.belay.backends.command.CommandRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SAVE, BGSAVE, LASTSAVE and BGREWRITEAOF, with redis-server 7.0's replies. */
public final class PersistenceCommands {

  private static final Logger log = LoggerFactory.getLogger(PersistenceCommands.class);

  private final RdbSaver rdb;
  private final AofManager aof;

  public PersistenceCommands(RdbSaver rdb, AofManager aof) {
    this.rdb = rdb;
    this.aof = aof;
  }

  public void register(CommandRegistry r) {
    r.add("save", this::save);
    r.add("bgsave", this::bgsave);
    r.add("lastsave", (c, args) -> c.out.integer(rdb.lastSaveSeconds()));
    r.add("bgrewriteaof", this::bgrewriteaof);
  }

  private void save(Client c, byte[][] args) {
    if (rdb.inProgress()) {
      throw new CommandException("ERR Background save already in progress");
    }
    try {
      rdb.saveNow();
    } catch (IOException e) {
      log.warn("Failed saving the DB: {}", e.toString());
      throw new CommandException("ERR");
    }
    c.out.ok();
  }

  private void bgsave(Client c, byte[][] args) {
    boolean schedule = false;
    if (args.length > 1) {
      if (args.length == 2 && Args.is(args[1], "schedule")) {
        schedule = true;
      } else {
        throw new CommandException("ERR syntax error");
      }
    }
    if (rdb.inProgress()) {
      throw new CommandException("ERR Background save already in progress");
    }
    // Inside EXEC the transaction's writes are not propagated yet: start after it, as Redis does.
    if (aof.rewriting() || !c.mayBlock()) {
      if (schedule || !c.mayBlock()) {
        rdb.schedule();
        c.out.simpleString("Background saving scheduled");
        return;
      }
      throw new CommandException("ERR Another child process is active (AOF?): can't BGSAVE right now. "
          + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    rdb.bgsave();
    c.out.simpleString("Background saving started");
  }

  private void bgrewriteaof(Client c, byte[][] args) {
    if (aof.rewriting()) {
      throw new CommandException("ERR Background append only file rewriting already in progress");
    }
    if (rdb.inProgress() || !c.mayBlock()) {
      aof.schedule();
      c.out.simpleString("Background append only file rewriting scheduled");
      return;
    }
    aof.rewrite();
    c.out.simpleString("Background append only file rewriting started");
  }
}
