package io.belay.routing;

/**
 * Whether a replica has everything a session needs to read. Under eventual consistency every
 * replica qualifies; under read-your-writes the session's {@link ReadYourWrites} decides.
 */
@FunctionalInterface
public interface Freshness {

  /** Every replica is fresh enough: eventual consistency. */
  Freshness ANY = (epoch, replica) -> true;

  /**
   * @param epoch   the epoch of the table the replica was taken from
   * @param replica what the router knows about the replica
   */
  boolean admits(long epoch, BackendView replica);
}
