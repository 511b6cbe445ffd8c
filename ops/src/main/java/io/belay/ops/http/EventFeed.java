package io.belay.ops.http;

import java.util.List;
import java.util.function.Consumer;

/** The node's recent events, and a way to hear about new ones as they happen. */
public interface EventFeed {

  /**
   * The events the feed still keeps, oldest first. The feed bounds how many it keeps; the
   * server shows them all. Called on an event loop; must not block.
   */
  List<Event> recent();

  /**
   * Calls {@code listener} with every event published from now on, until the returned
   * subscription is closed. The feed may call the listener on any thread; the listener does
   * not block and does not throw. After {@link Subscription#close()} returns the listener is
   * not called again.
   */
  Subscription subscribe(Consumer<Event> listener);

  /** Stops a listener; closing twice is harmless. */
  interface Subscription extends AutoCloseable {

    @Override
    void close();
  }
}
