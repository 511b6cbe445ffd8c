package io.belay.backends.command;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Evictor;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.KeyspaceListener;
import io.belay.backends.engine.RObject;
import io.belay.protocol.command.CommandFlag;
import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.CommandTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend's command engine: looks a command up, checks arity, authentication, the
 * transaction and pub/sub states, the replica and memory rules, runs it, and propagates
 * the writes it made to the AOF and to replicas. Everything here runs on one event loop,
 * Redis's model, so commands are atomic without locks.
 */
public final class Engine {

  private final Keyspace keyspace;
  private final Evictor evictor;
  private final CommandRegistry registry;
  private final Settings settings;
  private final Scheduler scheduler;
  private final ServerStats stats = new ServerStats();
  private final Watches watches = new Watches();
  private final PubSub pubsub = new PubSub(this);
  private final Blocking blocking;
  private final List<Propagator> propagators = new CopyOnWriteArrayList<>();
  private final Map<Long, Client> clients = new LinkedHashMap<>();
  private final List<Runnable> cronTasks = new ArrayList<>();
  private final List<InfoSection> infoSections = new ArrayList<>();
  private final List<java.util.function.Consumer<Client>> disconnectListeners = new ArrayList<>();
  private final SlowLog slowLog = new SlowLog();
  private ShutdownHandler shutdownHandler = save -> {
    throw new CommandException("ERR SHUTDOWN is not available for this backend");
  };

  /** Writes applied since start; a command that changed nothing leaves it alone. */
  private long dirty;
  private long nextClientId = 1;
  /** Writes made by the current top-level command, propagated together when it ends. */
  private final List<Object[]> pending = new ArrayList<>();
  private boolean inExec;
  /** True while a client's command runs; deletions it causes are propagated with it. */
  private boolean executing;
  /** Refuses writes, with a reason, when not enough replicas are attached (set by replication). */
  private WriteGate writeGate = WriteGate.OPEN;
  /** Replies wait on it before reaching a socket, until the AOF has the writes before them (set by persistence). */
  private ReplyBarrier replyBarrier = ReplyBarrier.NONE;

  public Engine(Keyspace keyspace, Settings settings, Scheduler scheduler, CommandTable table) {
    this.keyspace = keyspace;
    this.settings = settings;
    this.scheduler = scheduler;
    this.evictor = new Evictor(keyspace);
    this.registry = new CommandRegistry(table);
    this.blocking = new Blocking(this);
    settings.bind(this);
    keyspace.setListener(new KeyspaceListener() {
      @Override
      public void expired(int db, byte[] key) {
        watches.touch(db, key);
        propagateDeletion(db, key);
      }

      @Override
      public void evicted(int db, byte[] key) {
        watches.touch(db, key);
        propagateDeletion(db, key);
      }
    });
  }

  public Keyspace keyspace() {
    return keyspace;
  }

  public Evictor evictor() {
    return evictor;
  }

  public CommandRegistry registry() {
    return registry;
  }

  public Settings settings() {
    return settings;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public ServerStats stats() {
    return stats;
  }

  public PubSub pubsub() {
    return pubsub;
  }

  public Blocking blocking() {
    return blocking;
  }

  Watches watches() {
    return watches;
  }

  public long dirty() {
    return dirty;
  }

  public void resetDirty() {
    dirty = 0;
  }

  public void addPropagator(Propagator p) {
    propagators.add(p);
  }

  public void removePropagator(Propagator p) {
    propagators.remove(p);
  }

  public void setWriteGate(WriteGate gate) {
    this.writeGate = gate;
  }

  public ReplyBarrier replyBarrier() {
    return replyBarrier;
  }

  public void setReplyBarrier(ReplyBarrier barrier) {
    this.replyBarrier = barrier == null ? ReplyBarrier.NONE : barrier;
  }

  /** Adds an INFO section after the ones already there (INFO prints them in order). */
  public void addInfoSection(InfoSection section) {
    infoSections.add(section);
  }

  /** Adds an INFO section before the one named {@code before}, keeping Redis's section order. */
  public void addInfoSection(InfoSection section, String before) {
    for (int i = 0; i < infoSections.size(); i++) {
      if (infoSections.get(i).name().equals(before)) {
        infoSections.add(i, section);
        return;
      }
    }
    infoSections.add(section);
  }

  List<InfoSection> infoSections() {
    return infoSections;
  }

  SlowLog slowLog() {
    return slowLog;
  }

  /** What SHUTDOWN does: the launcher decides (exit the process, or stop one embedded backend). */
  public void setShutdownHandler(ShutdownHandler handler) {
    this.shutdownHandler = handler;
  }

  void shutdown(boolean save) {
    shutdownHandler.shutdown(save);
  }

  /** Runs {@code task} on every server cron tick (hz times a second), on the engine's loop. */
  public void onCron(Runnable task) {
    cronTasks.add(task);
  }

  /** One server cron tick: persistence rules, replication heartbeats, ... */
  public void cron() {
    keyspace.updateClock();
    for (Runnable task : cronTasks) {
      task.run();
    }
    flushPropagation();
  }

  // ---- clients -------------------------------------------------------------------------

  public Client connect(ClientTransport transport) {
    Client c = new Client(nextClientId++, transport, System.currentTimeMillis());
    c.authenticated = settings.requirePass() == null;
    clients.put(c.id(), c);
    stats.connectionsReceived++;
    return c;
  }

  public void disconnect(Client c) {
    if (clients.remove(c.id()) == null) {
      return;
    }
    blocking.unblockOnDisconnect(c);
    watches.unwatchAll(c);
    pubsub.unsubscribeAll(c);
    for (java.util.function.Consumer<Client> l : disconnectListeners) {
      l.accept(c);
    }
  }

  /** Tells {@code listener} about every client that disconnects (replication drops its replicas). */
  public void onDisconnect(java.util.function.Consumer<Client> listener) {
    disconnectListeners.add(listener);
  }

  public Collection<Client> clients() {
    return clients.values();
  }

  public Client client(long id) {
    return clients.get(id);
  }

  // ---- execution -----------------------------------------------------------------------

  /** Runs one command from {@code c} and everything it makes ready (blocked clients). */
  public void execute(Client c, byte[][] args) {
    keyspace.updateClock();
    c.lastInteraction = keyspace.now();
    executing = true;
    keyspace.setServingMaster(c.master);
    try {
      process(c, args);
    } finally {
      executing = false;
      keyspace.setServingMaster(false);
    }
    flushPropagation();
    if (blocking.hasReadyKeys()) {
      blocking.serveReadyKeys();
    }
  }

  private void process(Client c, byte[][] args) {
    CommandRegistry.Entry entry = registry.lookup(args[0]);
    if (entry == null) {
      reject(c, null, unknownCommand(args));
      return;
    }
    CommandSpec spec = entry.spec;
    if (spec.isContainer() && args.length >= 2) {
      CommandSpec sub = spec.subcommands().get(Args.lower(args[1]));
      if (sub == null) {
        reject(c, entry, "ERR unknown subcommand '" + truncate(Args.str(args[1])) + "'. Try "
            + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
        return;
      }
      spec = sub;
    }
    c.lastCommand = spec.name();
    if (!spec.acceptsArgumentCount(args.length)) {
      reject(c, entry, "ERR wrong number of arguments for '" + spec.name() + "' command");
      return;
    }
    if (!c.authenticated && !spec.has(CommandFlag.NO_AUTH)) {
      reject(c, entry, Errors.NOAUTH);
      return;
    }
    if (c.inMulti() && !isTransactionControl(spec.name())) {
      if (spec.has(CommandFlag.NO_MULTI)) {
        reject(c, entry, "ERR Command not allowed inside a transaction");
        return;
      }
      // Over the memory limit, Redis refuses to queue anything: EXEC would run it all at once.
      String refusal = evictor.maxMemory() > 0 && !c.master && !evictor.freeMemoryIfNeeded()
          ? Errors.OOM : admissionError(c, spec);
      if (refusal != null) {
        reject(c, entry, refusal);
        return;
      }
      c.queued.add(args);
      c.out.simpleString("QUEUED");
      return;
    }
    if (c.isSubscriber() && c.protocol() == 2 && !allowedWhileSubscribed(spec.name())) {
      reject(c, entry, "ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
      return;
    }
    String refusal = admissionError(c, spec);
    if (refusal != null) {
      reject(c, entry, refusal);
      return;
    }
    call(c, entry, args);
  }

  /** The error a command meets before running: READONLY, OOM, NOREPLICAS; null if none. */
  String admissionError(Client c, CommandSpec spec) {
    boolean write = spec.isWrite();
    if (write && keyspace.isReplica() && !c.master && settings.replicaReadOnly()) {
      return Errors.READONLY;
    }
    if (evictor.maxMemory() > 0 && !c.master) {
      boolean underLimit = evictor.freeMemoryIfNeeded();
      if (!underLimit && spec.has(CommandFlag.DENYOOM)) {
        return Errors.OOM;
      }
    }
    if (write && !c.master) {
      String gate = writeGate.refusal();
      if (gate != null) {
        return gate;
      }
    }
    return null;
  }

  /** Runs a command that passed every check; also used by EXEC for queued commands. */
  void call(Client c, CommandRegistry.Entry entry, byte[][] args) {
    long dirtyBefore = dirty;
    c.propagateAs = null;
    int mark = c.out.size();
    long start = System.nanoTime();
    try {
      entry.command.execute(c, args);
    } catch (CommandException e) {
      c.out.truncate(mark);
      c.out.error(e.getMessage());
      entry.failedCalls++;
    }
    long micros = (System.nanoTime() - start) / 1000;
    entry.micros += micros;
    long slower = settings.slowlogSlowerThan();
    if (slower >= 0 && micros >= slower) {
      slowLog.add(c, args, micros, settings.slowlogMaxLen());
    }
    entry.calls++;
    stats.commandsProcessed++;
    if (c.propagateAs != null) {
      for (byte[][] p : c.propagateAs) {
        pending.add(new Object[] {c.db, p});
      }
      c.propagateAs = null;
    } else if (dirty != dirtyBefore && (entry.spec.isWrite() || entry.spec.has(CommandFlag.MAY_REPLICATE))) {
      pending.add(new Object[] {c.db, args});
    }
  }

  private void reject(Client c, CommandRegistry.Entry entry, String error) {
    if (entry != null) {
      entry.rejectedCalls++;
    }
    stats.rejectedCalls++;
    if (c.inMulti()) {
      c.multiError = true;
    }
    c.out.error(error);
  }

  // ---- effects of writes ---------------------------------------------------------------

  /**
   * Records that {@code key} changed: counts a write, invalidates WATCHers, and re-counts the
   * key's memory. Every command that modifies a key calls this once per key it modified.
   */
  public void modified(Database db, byte[] key) {
    dirty++;
    watches.touch(db.id(), key);
    RObject o = db.peek(key);
    if (o != null) {
      db.changed(key, o);
    }
  }

  /** Counts {@code n} writes that touched no particular key (FLUSHALL, SWAPDB, ...). */
  public void dirty(long n) {
    dirty += n;
  }

  /** Wakes clients blocked on {@code key} once the current command completes. */
  public void signalReady(Database db, byte[] key) {
    blocking.signal(db.id(), key);
  }

  private void propagateDeletion(int db, byte[] key) {
    pending.add(new Object[] {db, new byte[][] {Args.bytes("DEL"), key}});
    if (!executing) {
      flushPropagation();
    }
  }

  /** Hands this command's writes to the propagators, wrapped in MULTI/EXEC when several. */
  void flushPropagation() {
    if (pending.isEmpty() || inExec) {
      return;
    }
    if (propagators.isEmpty()) {
      pending.clear();
      return;
    }
    boolean wrap = pending.size() > 1;
    int firstDb = (int) pending.get(0)[0];
    if (wrap) {
      emit(firstDb, new byte[][] {Args.bytes("MULTI")});
    }
    for (Object[] p : pending) {
      emit((int) p[0], (byte[][]) p[1]);
    }
    if (wrap) {
      emit((int) pending.get(pending.size() - 1)[0], new byte[][] {Args.bytes("EXEC")});
    }
    pending.clear();
  }

  private void emit(int db, byte[][] args) {
    for (Propagator p : propagators) {
      p.propagate(db, args);
    }
  }

  /** Queues what a served blocked client's command propagates (its rewritten pop). */
  void queueClientPropagation(Client c, int db) {
    if (c.propagateAs != null) {
      for (byte[][] p : c.propagateAs) {
        pending.add(new Object[] {db, p});
      }
      c.propagateAs = null;
    }
  }

  void setInExec(boolean inExec) {
    this.inExec = inExec;
  }

  /** Propagates a command the engine did not run for a client (REPLICAOF bookkeeping, ...). */
  public void propagateNow(int db, byte[][] args) {
    pending.add(new Object[] {db, args});
    flushPropagation();
  }

  // ---- helpers -------------------------------------------------------------------------

  private static boolean isTransactionControl(String name) {
    return name.equals("exec") || name.equals("discard") || name.equals("multi") || name.equals("watch")
        || name.equals("quit") || name.equals("reset");
  }

  private static boolean allowedWhileSubscribed(String name) {
    return switch (name) {
      case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "ping", "quit",
          "reset" -> true;
      default -> false;
    };
  }

  static String unknownCommand(byte[][] args) {
    StringBuilder sb = new StringBuilder("ERR unknown command '").append(truncate(Args.str(args[0])))
        .append("', with args beginning with: ");
    for (int i = 1; i < args.length && sb.length() < 128 + 64; i++) {
      sb.append('\'').append(truncate(Args.str(args[i]))).append("' ");
    }
    return sb.toString();
  }

  private static String truncate(String s) {
    return s.length() > 128 ? s.substring(0, 128) : s;
  }

  /** The registered families of commands, in one place so a reader sees what is served. */
  public static Engine create(Keyspace keyspace, Settings settings, Scheduler scheduler) {
    Engine engine = new Engine(keyspace, settings, scheduler, CommandTable.redis7());
    CommandRegistry r = engine.registry;
    new ConnectionCommands(engine).register(r);
    new ServerCommands(engine).register(r);
    new KeyCommands(engine).register(r);
    new StringCommands(engine).register(r);
    new BitCommands(engine).register(r);
    new TransactionCommands(engine).register(r);
    new PubSubCommands(engine).register(r);
    new HashCommands(engine).register(r);
    new ListCommands(engine).register(r);
    new SetCommands(engine).register(r);
    new ZSetCommands(engine).register(r);
    new SortCommand(engine).register(r);
    return engine;
  }
}
