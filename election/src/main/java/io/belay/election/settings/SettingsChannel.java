package io.belay.election.settings;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.belay.election.cluster.HazelcastCalls;
import io.belay.election.cluster.HazelcastSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares every group's {@link SharedSettings} through the Hazelcast map
 * {@link HazelcastSetup#SETTINGS_MAP}, which holds a copy on every member and, like the group
 * states, refuses reads and writes outside the majority.
 *
 * <p>A change is a compare-and-set on the group's entry, so concurrent changes on different
 * nodes are ordered and none is lost. Three paths bring a version to this node: its own write,
 * the map's entry events (the fast path, well under a second), and a read of every group when
 * the channel starts and every {@value #RESYNC_MILLIS} ms after (a node that joins later, or
 * that missed events while cut off, catches up). {@link LatestSettings} keeps whatever arrives
 * first from being replaced by something older.
 *
 * <p>Every method must be called on the election's context; listeners run on it and must not
 * block.
 */
public final class SettingsChannel {

  private static final Logger LOG = LoggerFactory.getLogger(SettingsChannel.class);
  /** Often enough that a node back from a partition catches up in seconds; one read per group. */
  static final long RESYNC_MILLIS = 2_000;
  /** Each failed compare-and-set means another change got in first; this many is contention. */
  private static final int MAX_ATTEMPTS = 32;

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private final HazelcastCalls calls;
  private final String nodeName;
  private final Set<String> groups;
  private final LatestSettings latest = new LatestSettings();
  private final List<Consumer<SharedSettings>> listeners = new ArrayList<>();
  private IMap<String, String> map;
  private long timer = -1;
  private boolean closed;

  public SettingsChannel(Vertx vertx, Context context, HazelcastInstance hazelcast,
      HazelcastCalls calls, String nodeName, List<String> groups) {
    this.vertx = vertx;
    this.context = context;
    this.hazelcast = hazelcast;
    this.calls = calls;
    this.nodeName = nodeName;
    this.groups = new LinkedHashSet<>(groups);
    groups.forEach(g -> latest.offer(SharedSettings.initial(g)));
  }

  /**
   * Subscribes to the map's changes, then reads every group once. A read this node may not make
   * (not in the majority yet) is logged and left to the periodic read; the future fails only
   * when the map cannot be subscribed to.
   */
  public Future<Void> start() {
    Listener listener = new Listener();
    return calls.call(() -> {
      IMap<String, String> m = hazelcast.getMap(HazelcastSetup.SETTINGS_MAP);
      m.addEntryListener(listener, true);
      return m;
    }).compose(m -> {
      map = m;
      timer = vertx.setPeriodic(RESYNC_MILLIS, RESYNC_MILLIS, t -> resync());
      return resync();
    });
  }

  /** Reads every group's entry and takes what is newer; never fails. */
  Future<Void> resync() {
    IMap<String, String> m = map;
    Set<String> keys = Set.copyOf(groups);
    return calls.call(() -> m.getAll(keys)).map(found -> {
      found.values().forEach(this::deliver);
      return (Void) null;
    }).recover(e -> {
      LOG.debug("settings not read: {}", e.toString());
      return Future.succeededFuture();
    });
  }

  /**
   * Lays {@code change} (configuration name ⇒ value) over {@code group}'s shared settings in
   * the next version. Completes, once this node's listeners ran with the result, with the new
   * settings; fails when this node is outside the majority or the group is unknown.
   */
  public Future<SharedSettings> update(String group, Map<String, String> change) {
    if (!groups.contains(group)) {
      return Future.failedFuture(new IllegalArgumentException("no group named " + group));
    }
    if (map == null || closed) {
      return Future.failedFuture(new IllegalStateException("settings are not shared yet"));
    }
    Map<String, String> copy = Map.copyOf(change);
    SharedSettings.initial(group).with(copy, nodeName); // refuse an empty or null change here
    IMap<String, String> m = map;
    return calls.call(() -> {
      try {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
          String old = m.get(group);
          SharedSettings base = old == null ? SharedSettings.initial(group) : SharedSettings.decode(old);
          SharedSettings next = base.with(copy, nodeName);
          boolean done = old == null ? m.putIfAbsent(group, next.encode()) == null
              : m.replace(group, old, next.encode());
          if (done) {
            return next;
          }
        }
      } catch (SplitBrainProtectionException e) {
        throw new IllegalStateException("this node is not in the cluster majority: "
            + "settings change only where a majority of the members agrees", e);
      }
      throw new IllegalStateException("the settings of " + group + " changed " + MAX_ATTEMPTS
          + " times during this change; try again");
    }).map(next -> {
      offer(next);
      LOG.info("group {}: settings version {} shared: {}", group, next.version(), next.values());
      return next;
    });
  }

  /** Calls {@code listener} with every group's settings now, then with every newer version. */
  public void listen(Consumer<SharedSettings> listener) {
    listeners.add(listener);
    for (SharedSettings s : latest.all()) {
      notify(listener, s);
    }
  }

  public Optional<SharedSettings> current(String group) {
    return latest.get(group);
  }

  public Future<Void> close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return calls.close();
  }

  /** From any thread: decodes and hands over to the election's context. */
  private void deliver(String encoded) {
    SharedSettings s;
    try {
      s = SharedSettings.decode(encoded);
    } catch (RuntimeException e) {
      LOG.warn("ignoring unreadable shared settings {}: {}", encoded, e.toString());
      return;
    }
    context.runOnContext(v -> offer(s));
  }

  private void offer(SharedSettings s) {
    if (closed || !groups.contains(s.group()) || !latest.offer(s)) {
      return;
    }
    if (!nodeName.equals(s.changedBy())) {
      LOG.info("group {}: settings version {} from {}: {}", s.group(), s.version(), s.changedBy(),
          s.values());
    }
    for (Consumer<SharedSettings> l : listeners) {
      notify(l, s);
    }
  }

  private static void notify(Consumer<SharedSettings> listener, SharedSettings s) {
    try {
      listener.accept(s);
    } catch (RuntimeException e) {
      LOG.warn("settings listener failed on {} version {}", s.group(), s.version(), e);
    }
  }

  /** Entry events arrive on Hazelcast's event threads. */
  private final class Listener implements EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String>, EntryMergedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      received(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      received(event.getValue());
    }

    @Override
    public void entryMerged(EntryEvent<String, String> event) {
      received(event.getValue());
    }

    private void received(String value) {
      if (value != null) {
        deliver(value);
      }
    }
  }
}
