package io.belay.election.probe;

import io.belay.election.resp.RespLink;
import io.belay.protocol.RespValue;
import io.belay.routing.BackendRef;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Watches one backend over its own RESP connection: every probe interval it pipelines
 * {@code PING}, {@code ROLE} and {@code INFO replication} (and {@code INFO server} until the run
 * id is known), and declares the backend subjectively down (SDOWN) once {@code down-after} has
 * passed without a valid reply. As in Sentinel, {@code -LOADING}, {@code -BUSY} and
 * {@code -MASTERDOWN} answers to PING count as alive; LOADING and BUSY also make the backend
 * unpromotable.
 *
 * <p>Confined to the context that calls {@link #start()}; nothing here blocks. A round still
 * unanswered after {@code down-after} closes the link and the next tick reconnects, so a
 * backend that stalls cannot accumulate queued probes.
 *
 * <p>Time this node itself stood still is not the backend's silence (Sentinel's TILT has the
 * same reason): when a tick comes much later than the interval (a GC pause, a starved or
 * stopped JVM), the reply may be sitting unread in the socket, so the gap is added to the
 * down-after clock and to the round in flight instead of being counted against the backend.
 */
public final class BackendProbe {

  /** Told about every completed round and every SDOWN change. Must not block or throw. */
  public interface Listener {
    void onResult(BackendProbe probe, ProbeResult result);

    void onDownChange(BackendProbe probe, boolean down);

    /** The run id changed: the backend restarted. */
    default void onReboot(BackendProbe probe, String oldRunId, String newRunId) {
    }
  }

  private static final List<String[]> ROUND = List.of(
      new String[] {"PING"}, new String[] {"ROLE"}, new String[] {"INFO", "replication"});
  private static final List<String[]> ROUND_WITH_RUN_ID = List.of(
      new String[] {"PING"}, new String[] {"ROLE"}, new String[] {"INFO", "replication"},
      new String[] {"INFO", "server"});

  private final Vertx vertx;
  private final NetClient client;
  private final BackendRef backend;
  private final long intervalMillis;
  private final long downAfterMillis;
  private final Listener listener;

  private long timer = -1;
  private RespLink link;
  private boolean connecting;
  private long roundSentAt = -1;
  private long lastValidReplyAt;
  private long downSince;
  private String runId;
  private ProbeResult latest;
  private ProbeResult lastReachable;
  private boolean attempted;
  private long lastTick;

  public BackendProbe(Vertx vertx, NetClient client, BackendRef backend, Duration interval,
      Duration downAfter, Listener listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.intervalMillis = Math.max(1, interval.toMillis());
    this.downAfterMillis = Math.max(1, downAfter.toMillis());
    this.listener = Objects.requireNonNull(listener, "listener");
    this.latest = ProbeResult.unreachable(backend, System.currentTimeMillis());
  }

  public BackendRef backend() {
    return backend;
  }

  /** Starts probing; the down-after clock starts now. Call on the election context. */
  public void start() {
    if (timer >= 0) {
      return;
    }
    lastValidReplyAt = System.currentTimeMillis();
    timer = vertx.setPeriodic(1, intervalMillis, id -> tick());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (link != null) {
      link.close();
      link = null;
    }
  }

  /** Drops the connection; the next tick reconnects (SENTINEL RESET). */
  public void reconnect() {
    if (link != null) {
      link.close();
      link = null;
    }
  }

  /** The latest round: reachable with data, or unreachable. */
  public ProbeResult latest() {
    return latest;
  }

  /** The latest round that got a reply, or null if none ever did. */
  public ProbeResult lastReachable() {
    return lastReachable;
  }

  /** A snapshot for decisions made elsewhere. */
  public Observation observation() {
    return new Observation(latest, lastReachable, downSince > 0, downSince);
  }

  public boolean subjectivelyDown() {
    return downSince > 0;
  }

  /** When this node started considering the backend down, or 0 while it is up. */
  public long downSinceMillis() {
    return downSince;
  }

  public long lastValidReplyMillis() {
    return lastValidReplyAt;
  }

  private void tick() {
    long now = System.currentTimeMillis();
    long stalled = lastTick == 0 ? 0 : now - lastTick - intervalMillis;
    lastTick = now;
    if (stalled > stallToleranceMillis()) {
      if (downSince == 0) {
        lastValidReplyAt += stalled; // a backend already found down stays down until it answers
      }
      if (roundSentAt >= 0) {
        roundSentAt += stalled;
      }
      return; // let the replies that waited for this node be read before judging
    }
    if (link == null || !link.isOpen()) {
      link = null;
      roundSentAt = -1;
      if (!connecting) {
        connect();
      }
    } else if (roundSentAt >= 0) {
      if (now - roundSentAt > downAfterMillis) {
        // the backend stopped answering: a fresh connection is the only way to know it is back
        link.close();
        link = null;
        roundSentAt = -1;
      }
    } else {
      round(link, now);
    }
    checkDown(now);
  }

  /** How late a tick may come before the lateness is taken for a stall of this node. */
  private long stallToleranceMillis() {
    return Math.max(50, downAfterMillis / 2);
  }

  private void connect() {
    connecting = true;
    RespLink.connect(client, backend).onComplete(ar -> {
      connecting = false;
      if (!attempted) {
        // down-after counts from the first attempt's end, not from a cold start's first tick
        attempted = true;
        if (lastReachable == null) {
          lastValidReplyAt = System.currentTimeMillis();
        }
      }
      if (timer < 0) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.succeeded()) {
        link = ar.result();
        round(link, System.currentTimeMillis());
      } else {
        unreachable();
      }
    });
  }

  private void round(RespLink l, long now) {
    roundSentAt = now;
    boolean wantRunId = runId == null;
    l.pipeline(wantRunId ? ROUND_WITH_RUN_ID : ROUND).onComplete(ar -> {
      if (l != link) {
        return;
      }
      roundSentAt = -1;
      if (ar.failed()) {
        unreachable();
        return;
      }
      List<RespValue> replies = ar.result();
      RespValue ping = replies.get(0);
      boolean loading = false;
      if (ping instanceof RespValue.Error e) {
        String code = e.code();
        loading = code.equals("LOADING") || code.equals("BUSY");
        if (!loading && !code.equals("MASTERDOWN")) {
          unreachable();
          return;
        }
      }
      long at = System.currentTimeMillis();
      if (wantRunId) {
        noteRunId(ReplyParser.infoFields(textOrEmpty(replies.get(3))).get("run_id"));
      }
      ProbeResult result = ReplyParser.result(backend, loading, replies.get(1),
          ReplyParser.text(replies.get(2)), runId, at);
      lastValidReplyAt = at;
      latest = result;
      lastReachable = result;
      checkDown(at);
      listener.onResult(this, result);
    });
  }

  private void noteRunId(String id) {
    if (id == null) {
      return;
    }
    String old = runId;
    runId = id;
    if (lastReachable != null && lastReachable.runId() != null
        && !lastReachable.runId().equals(id)) {
      listener.onReboot(this, lastReachable.runId(), id);
    } else if (old != null && !old.equals(id)) {
      listener.onReboot(this, old, id);
    }
  }

  private void unreachable() {
    if (link != null) {
      link.close();
      link = null;
    }
    // a new connection may reach a restarted process: learn its run id again
    runId = null;
    long now = System.currentTimeMillis();
    latest = ProbeResult.unreachable(backend, now);
    checkDown(now);
    listener.onResult(this, latest);
    if (downSince == 0 && attempted) {
      // judge when down-after ends, not on the first tick after it
      long due = lastValidReplyAt + downAfterMillis + 1 - now;
      vertx.setTimer(Math.max(1, due), id -> {
        if (timer >= 0 && !latest.reachable()) {
          checkDown(System.currentTimeMillis());
        }
      });
    }
  }

  private void checkDown(long now) {
    if (!attempted) {
      return; // the first connection attempt is bounded by the connect timeout
    }
    boolean down = now - lastValidReplyAt > downAfterMillis;
    if (down && downSince == 0) {
      downSince = now;
      listener.onDownChange(this, true);
    } else if (!down && downSince > 0) {
      downSince = 0;
      listener.onDownChange(this, false);
    }
  }

  private static String textOrEmpty(RespValue v) {
    String s = ReplyParser.text(v);
    return s == null ? "" : s;
  }
}
