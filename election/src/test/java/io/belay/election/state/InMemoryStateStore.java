package io.belay.election.state;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A {@link GroupStateStore} in memory, with the same exact-string compare-and-set. */
public final class InMemoryStateStore implements GroupStateStore {

  private final Map<String, String> map = new HashMap<>();
  private final List<Consumer<GroupState>> listeners = new ArrayList<>();
  /** Every state installed, in order. */
  public final List<GroupState> history = new ArrayList<>();
  /** Runs before each compare-and-set, to let a test change the state under a writer. */
  public Runnable beforeCompareAndSet = () -> { };

  public synchronized void put(GroupState s) {
    map.put(s.group(), s.encode());
    history.add(s);
  }

  public synchronized GroupState current(String group) {
    String v = map.get(group);
    return v == null ? null : GroupState.decode(v);
  }

  @Override
  public synchronized Future<Optional<GroupState>> get(String group) {
    return Future.succeededFuture(Optional.ofNullable(current(group)));
  }

  @Override
  public Future<Boolean> compareAndSet(GroupState expected, GroupState next) {
    beforeCompareAndSet.run();
    synchronized (this) {
      String held = map.get(next.group());
      boolean matches = expected == null ? held == null : expected.encode().equals(held);
      if (!matches) {
        return Future.succeededFuture(false);
      }
      put(next);
      listeners.forEach(l -> l.accept(next));
      return Future.succeededFuture(true);
    }
  }

  @Override
  public synchronized Future<Void> listen(Consumer<GroupState> listener) {
    listeners.add(listener);
    return Future.succeededFuture();
  }
}
