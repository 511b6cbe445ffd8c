package io.belay.election.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import io.belay.election.cluster.HazelcastCalls;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Group states in a Hazelcast {@code IMap<String, String>} of canonical JSON. Values are
 * compared as strings by {@code replace(key, old, new)}, so the compare-and-set is exact and
 * does not depend on how Hazelcast serializes objects. The map is protected by the majority
 * split-brain rule configured in {@code HazelcastSetup}.
 */
public final class HazelcastStateStore implements GroupStateStore {

  private final IMap<String, String> map;
  private final HazelcastCalls calls;

  public HazelcastStateStore(IMap<String, String> map, HazelcastCalls calls) {
    this.map = map;
    this.calls = calls;
  }

  @Override
  public Future<Optional<GroupState>> get(String group) {
    return calls.call(() -> Optional.ofNullable(map.get(group)).map(GroupState::decode));
  }

  @Override
  public Future<Boolean> compareAndSet(GroupState expected, GroupState next) {
    if (expected != null && !expected.group().equals(next.group())) {
      throw new IllegalArgumentException("states of different groups");
    }
    String value = next.encode();
    if (expected == null) {
      return calls.call(() -> map.putIfAbsent(next.group(), value) == null);
    }
    String old = expected.encode();
    return calls.call(() -> map.replace(next.group(), old, value));
  }

  @Override
  public Future<Void> listen(Consumer<GroupState> listener) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("listen must be called on a Vert.x context");
    }
    Listener l = new Listener(context, listener);
    return calls.call(() -> {
      map.addEntryListener(l, true);
      return null;
    });
  }

  private static final class Listener implements EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String>, EntryMergedListener<String, String> {
    private final Context context;
    private final Consumer<GroupState> target;

    Listener(Context context, Consumer<GroupState> target) {
      this.context = context;
      this.target = target;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      deliver(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      deliver(event.getValue());
    }

    @Override
    public void entryMerged(EntryEvent<String, String> event) {
      deliver(event.getValue());
    }

    private void deliver(String value) {
      if (value != null) {
        GroupState state = GroupState.decode(value);
        context.runOnContext(v -> target.accept(state));
      }
    }
  }
}
