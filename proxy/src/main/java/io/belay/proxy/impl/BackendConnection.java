package io.belay.proxy.impl;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ProtocolException;
import io.belay.protocol.ReplyDecoder;
import io.belay.protocol.ReplyFramer;
import io.belay.protocol.RespValue;
import io.belay.proxy.ProxyOptions;
import io.belay.routing.BackendRef;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined connection to a backend. Requests are written in order and replies matched to
 * them first-in first-out; many sessions share one connection. Owned by one event loop: every
 * method runs there.
 *
 * <p>The connection authenticates and switches to RESP3 before anything else it sends, and
 * tracks the database its last {@code SELECT} chose, so a session's database is re-selected only
 * when it differs. Requests may be sent while the connection is still connecting; they leave once
 * it is up.
 *
 * <p>When the connection ends for any reason, every request still waiting gets an error reply at
 * once, in order: a client never hangs and its reply stream never skips a beat.
 */
final class BackendConnection {

  private static final Logger LOG = LoggerFactory.getLogger(BackendConnection.class);

  /**
   * Bytes accepted while the connection is still being opened before callers are asked to wait:
   * a burst of pipelined commands, not an unbounded backlog to a backend that may never answer.
   */
  private static final int CONNECTING_BUFFER_MAX = 1024 * 1024;

  /**
   * Receives the reply of one request. Most replies are forwarded to a client as the backend
   * sent them: a handler that can take them so says with {@link #acceptsRaw()}, and gets the
   * bytes instead of a decoded value (errors from the proxy itself, a lost connection say, still
   * come as values).
   */
  @FunctionalInterface
  interface ReplyHandler {
    void onReply(RespValue reply);

    /** True to get the reply's bytes through {@link #onRawReply}. */
    default boolean acceptsRaw() {
      return false;
    }

    /** The reply as sent; {@code buf} is valid only during the call. */
    default void onRawReply(byte[] buf, int start, int end) {
      throw new UnsupportedOperationException();
    }
  }

  /** One request waiting for its reply; a timeout of 0 waits for ever (blocking commands). */
  private record Pending(ReplyHandler handler, long timeoutNanos) {
  }

  private static final byte[][] ROLE = Resp.command("ROLE");

  private final BackendRef backend;
  private final int protocol;
  private final Context context;
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private final ReplyFramer framer;
  /** Decodes the replies someone must look into; fed one complete reply at a time. */
  private final ReplyDecoder decoder;
  private RespValue decoded;
  private final long roleTimeoutNanos;
  /** Waiting for the master's replication offset after everything sent so far. */
  private List<LongConsumer> offsetWaiters = new ArrayList<>();
  private final List<Runnable> drainWaiters = new ArrayList<>();
  private final List<Consumer<BackendConnection>> closeListeners = new ArrayList<>(2);
  private final Runnable flushTask = this::flush;
  /** When the oldest request became the oldest: it is timed from then, not from its send. */
  private long headSinceNanos;

  private BackendTransport transport;
  private Buffer outgoing = Buffer.buffer(256);
  private boolean flushScheduled;
  private boolean ready;
  private boolean healthy;
  private boolean handshaking;
  private boolean closedLocally;
  private boolean closed;
  private int db;
  private Consumer<RespValue> pushHandler;
  private Consumer<BackendConnection> owner;
  private Runnable onIdle;

  BackendConnection(BackendRef backend, int protocol, Context context, ProxyOptions options) {
    this.backend = backend;
    this.protocol = protocol;
    this.context = context;
    DecoderLimits limits = options.decoderLimits();
    this.framer = new ReplyFramer(limits, this::onFramed);
    this.decoder = new ReplyDecoder(limits, reply -> decoded = reply);
    this.roleTimeoutNanos = options.commandTimeout().toNanos();
    handshake(options);
  }

  private void handshake(ProxyOptions options) {
    String password = options.backendPassword().orElse(null);
    String user = options.backendUser().orElse("default");
    byte[][] command = null;
    if (protocol == 3) {
      command = password == null ? Resp.command("HELLO", "3")
          : Resp.command("HELLO", "3", "AUTH", user, password);
    } else if (password != null) {
      command = options.backendUser().isPresent() ? Resp.command("AUTH", user, password)
          : Resp.command("AUTH", password);
    }
    if (command != null) {
      String what = protocol == 3 ? "HELLO 3" : "AUTH";
      handshaking = true;
      enqueue(command, options.commandTimeout().toNanos(), reply -> {
        if (Resp.isError(reply)) {
          fail("ERR backend " + backend.address() + " refused " + what + ": "
              + Resp.errorMessage(reply));
        } else {
          handshaking = false;
          healthy = true;
        }
      });
    }
  }

  BackendRef backend() {
    return backend;
  }

  int protocol() {
    return protocol;
  }

  boolean isClosed() {
    return closed;
  }

  boolean isOpen() {
    return !closed;
  }

  /** True once the transport is attached; an in-process link is attached at once. */
  boolean isReady() {
    return ready;
  }

  boolean inProcess() {
    return transport != null && transport.inProcess();
  }

  /**
   * True once the connection was established and the handshake (if any) accepted, or when the
   * proxy closed it itself: either way, not a sign that the backend is unreachable. A timeout or
   * a dropped connection later is not a reason to refuse the next attempt.
   */
  boolean wasHealthy() {
    return healthy || closedLocally;
  }

  /** Requests written and not answered yet. */
  int inFlight() {
    return inFlight.size();
  }

  /** Replies that arrive while no request waits, and RESP3 pushes, go here (subscriptions). */
  void pushHandler(Consumer<RespValue> handler) {
    this.pushHandler = handler;
  }

  /** Pool bookkeeping, told first when the connection ends. */
  void onClose(Consumer<BackendConnection> listener) {
    closeListeners.add(listener);
  }

  /**
   * The session using this connection exclusively, told when the connection ends; replaced by
   * the next owner, cleared (null) when the connection goes back to the pool.
   */
  void owner(Consumer<BackendConnection> onClose) {
    this.owner = onClose;
  }

  /**
   * Sends one command and calls {@code handler} with its reply, or with an error reply if the
   * connection ends first. The command runs in database {@code db}; a negative db leaves the
   * connection's database alone.
   *
   * @param timeoutNanos how long the reply may take before the connection is taken as dead; 0
   *                     for none (blocking commands)
   */
  void send(byte[][] args, int db, long timeoutNanos, ReplyHandler handler) {
    if (closed) {
      handler.onReply(new RespValue.Error("ERR backend " + backend.address()
          + " connection lost"));
      return;
    }
    if (db >= 0 && db != this.db) {
      // A failed SELECT would run the next command in the wrong database: never let it.
      enqueue(Resp.command("SELECT", Integer.toString(db)), timeoutNanos, reply -> {
        if (Resp.isError(reply)) {
          fail("ERR backend " + backend.address() + " refused SELECT " + db + ": "
              + Resp.errorMessage(reply));
        }
      });
      this.db = db;
    }
    enqueue(args, timeoutNanos, handler);
  }

  /** The next command selects its database whatever the connection last selected. */
  void forgetDatabase() {
    db = -1;
  }

  /** Runs {@code action} once no request is waiting any more. */
  void onIdle(Runnable action) {
    this.onIdle = action;
  }

  /** Sends a command whose replies arrive as pushes (subscription commands). */
  void sendUnmatched(byte[][] args) {
    if (!closed) {
      Resp.appendCommand(outgoing, args);
      scheduleFlush();
    }
  }

  private void enqueue(byte[][] args, long timeoutNanos, ReplyHandler handler) {
    if (inFlight.isEmpty()) {
      headSinceNanos = System.nanoTime();
    }
    inFlight.add(new Pending(handler, timeoutNanos));
    sent++;
    Resp.appendCommand(outgoing, args);
    scheduleFlush();
  }

  /**
   * True while callers should hold back: the socket's write queue is full, or too much waits
   * for a connection that is still being opened.
   */
  boolean writeQueueFull() {
    if (closed) {
      return false;
    }
    return transport == null ? outgoing.length() > CONNECTING_BUFFER_MAX
        : transport.writeQueueFull();
  }

  /** Runs {@code waiter} once the write queue drained (or the connection ended). */
  void onDrain(Runnable waiter) {
    drainWaiters.add(waiter);
  }

  private void scheduleFlush() {
    // Coalesce everything sent during this event-loop turn into one write.
    if (!flushScheduled && transport != null) {
      flushScheduled = true;
      context.runOnContext(v -> flushTask.run());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (closed || transport == null) {
      return;
    }
    if (!offsetWaiters.isEmpty()) {
      // One ROLE per turn of the event loop answers every waiter: it follows all they sent.
      List<LongConsumer> waiters = offsetWaiters;
      offsetWaiters = new ArrayList<>();
      enqueue(ROLE, roleTimeoutNanos, reply -> {
        long offset = masterOffset(reply);
        for (LongConsumer waiter : waiters) {
          waiter.accept(offset);
        }
      });
    }
    if (outgoing.length() == 0) {
      return;
    }
    Buffer data = outgoing;
    outgoing = Buffer.buffer(Math.min(Math.max(256, data.length()), 64 * 1024));
    transport.write(data);
  }

  void attach(BackendTransport attached) {
    if (closed) {
      attached.close();
      return;
    }
    this.transport = attached;
    this.ready = true;
    if (!handshaking) {
      healthy = true;
    }
    scheduleFlush();
    onDrain();
  }

  void connectFailed(Throwable cause) {
    fail("ERR backend " + backend.address() + " unavailable: " + cause.getMessage());
  }

  /**
   * Calls {@code waiter} with the master's replication offset taken after everything sent on
   * this connection so far ran, or -1 when it is not known (not a master, connection lost).
   * An embedded backend tells it directly once those replies are in; over a socket, one ROLE
   * per turn of the event loop serves every waiter.
   */
  void offsetAfterSent(LongConsumer waiter) {
    if (closed) {
      waiter.accept(-1);
      return;
    }
    if (transport != null && transport.tellsReplicationOffset()) {
      if (inFlight.isEmpty()) {
        waiter.accept(transport.replicationOffset());
      } else {
        barriers.add(new Barrier(sent, waiter));
      }
      return;
    }
    offsetWaiters.add(waiter);
    scheduleFlush();
  }

  /** Runs once the request numbered {@code after} (and all before it) has been answered. */
  private record Barrier(long after, LongConsumer waiter) {
  }

  private final ArrayDeque<Barrier> barriers = new ArrayDeque<>();
  /** Requests enqueued and answered since the connection opened, for barriers. */
  private long sent;
  private long answered;

  private void runBarriers() {
    Barrier barrier;
    while ((barrier = barriers.peek()) != null && barrier.after() <= answered) {
      barriers.poll();
      barrier.waiter().accept(closed ? -1 : transport.replicationOffset());
    }
  }

  /** The offset in a master's {@code ROLE} reply, or -1 if the reply is anything else. */
  private static long masterOffset(RespValue reply) {
    List<RespValue> elements = Resp.elements(reply);
    if (elements == null || elements.size() < 2 || !"master".equals(Resp.text(elements.get(0)))) {
      return -1;
    }
    return Resp.integer(elements.get(1), -1);
  }

  void onData(Buffer data) {
    onBytes(data.getBytes());
  }

  /** Bytes from the backend; the array is the connection's to read, not to keep. */
  void onBytes(byte[] data) {
    if (closed) {
      return;
    }
    try {
      framer.feed(data);
    } catch (ProtocolException e) {
      fail("ERR backend " + backend.address() + " sent a malformed reply: " + e.getMessage());
    }
  }

  /** One complete reply: forwarded as bytes when its handler takes them, else decoded. */
  private void onFramed(byte[] buf, int start, int end) {
    if (closed) {
      return;
    }
    boolean push = buf[start] == '>';
    Pending head = push ? null : inFlight.peek();
    if (head != null && head.handler().acceptsRaw()) {
      inFlight.poll();
      headSinceNanos = System.nanoTime();
      answered++;
      head.handler().onRawReply(buf, start, end);
      afterReply();
      return;
    }
    RespValue reply;
    try {
      decoder.feed(buf, start, end - start);
      reply = decoded;
      decoded = null;
    } catch (ProtocolException e) {
      fail("ERR backend " + backend.address() + " sent a malformed reply: " + e.getMessage());
      return;
    }
    onReply(reply);
  }

  private void onReply(RespValue reply) {
    if (closed) {
      return;
    }
    boolean push = reply instanceof RespValue.Array a && a.marker() == '>';
    if (push || inFlight.isEmpty()) {
      if (pushHandler != null) {
        pushHandler.accept(reply);
      } else if (!push) {
        fail("ERR backend " + backend.address() + " sent a reply nobody asked for");
      }
      return;
    }
    headSinceNanos = System.nanoTime();
    answered++;
    inFlight.poll().handler().onReply(reply);
    afterReply();
  }

  private void afterReply() {
    if (!barriers.isEmpty()) {
      runBarriers();
    }
    if (inFlight.isEmpty() && onIdle != null) {
      Runnable action = onIdle;
      onIdle = null;
      action.run();
    }
  }

  void onTransportClosed(String why) {
    fail("ERR backend " + backend.address() + " " + why);
  }

  void onDrain() {
    if (drainWaiters.isEmpty()) {
      return;
    }
    List<Runnable> waiters = new ArrayList<>(drainWaiters);
    drainWaiters.clear();
    waiters.forEach(Runnable::run);
  }

  /**
   * Closes the connection if its oldest request has waited longer than its timeout since it
   * became the oldest (a request queued behind a blocking command is not blamed for it).
   */
  void checkTimeout(long nowNanos) {
    Pending head = inFlight.peek();
    if (head != null && head.timeoutNanos() != 0
        && nowNanos - headSinceNanos > head.timeoutNanos()) {
      fail("ERR backend " + backend.address() + " timed out");
    }
  }

  /** Closes the connection; requests still waiting get an error reply. */
  void close() {
    if (!closed) {
      closedLocally = true;
    }
    fail("ERR backend " + backend.address() + " connection closed");
  }

  /**
   * Ends the connection: owners forget it first (so that the error replies below cannot be
   * followed by a send on it), then every waiting request gets {@code message} as its reply.
   */
  void fail(String message) {
    if (closed) {
      return;
    }
    closed = true;
    if (LOG.isDebugEnabled()) {
      LOG.debug("backend connection to {} ends: {} ({} in flight)", backend, message,
          inFlight.size());
    }
    if (transport != null) {
      transport.close();
    }
    for (Consumer<BackendConnection> listener : closeListeners) {
      listener.accept(this);
    }
    if (owner != null) {
      owner.accept(this);
    }
    RespValue error = new RespValue.Error(message);
    Pending pending;
    while ((pending = inFlight.poll()) != null) {
      pending.handler().onReply(error);
    }
    Barrier barrier;
    while ((barrier = barriers.poll()) != null) {
      barrier.waiter().accept(-1);
    }
    List<LongConsumer> waiters = offsetWaiters;
    offsetWaiters = new ArrayList<>();
    waiters.forEach(w -> w.accept(-1));
    onDrain();
  }
}
