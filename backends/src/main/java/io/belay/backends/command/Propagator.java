package io.belay.backends.command;

/**
 * Receives every write the engine applies, in order, as the commands that reproduce it:
 * the AOF and the replication stream. Must not block and must not throw.
 */
@FunctionalInterface
public interface Propagator {

  /** {@code args} executed against database {@code db}. */
  void propagate(int db, byte[][] args);
}
