package io.belay.election;

/**
 * Receives every {@link ElectionEvent}, in the order they happen. Called on the election's
 * event loop: it must not block and must not throw (a thrown exception is logged and ignored).
 */
@FunctionalInterface
public interface ElectionEvents {

  void onEvent(ElectionEvent event);
}
