package io.belay.ops.launch;

import io.belay.election.ElectionEvent;
import io.belay.ops.http.Event;
import io.belay.ops.http.EventFeed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The recent election events, kept for the admin API and handed to its live subscribers. */
final class EventLog implements EventFeed {

  private final int capacity;
  private final ArrayDeque<Event> recent = new ArrayDeque<>();
  private final CopyOnWriteArrayList<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

  EventLog(int capacity) {
    this.capacity = capacity;
  }

  void record(ElectionEvent e) {
    Event event = new Event(e.at(), e.group(), e.type().text(), e.description());
    synchronized (recent) {
      recent.addLast(event);
      while (recent.size() > capacity) {
        recent.removeFirst();
      }
    }
    for (Consumer<Event> s : subscribers) {
      s.accept(event);
    }
  }

  @Override
  public List<Event> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }

  @Override
  public Subscription subscribe(Consumer<Event> listener) {
    subscribers.add(listener);
    return () -> subscribers.remove(listener);
  }
}
