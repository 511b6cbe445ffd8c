package io.belay.routing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * How a read policy spreads reads over equally good candidates. The proxy keeps one per group
 * (round-robin state belongs to the group, not to the policy presets, which are shared).
 */
@FunctionalInterface
public interface Spread {

  /** An index in {@code [0, candidates)}; {@code candidates} is at least 1. Must not block. */
  int next(int candidates);

  /** Takes candidates in turn. Thread-safe. */
  static Spread roundRobin() {
    AtomicInteger counter = new AtomicInteger();
    return candidates -> (counter.getAndIncrement() & Integer.MAX_VALUE) % candidates;
  }

  /** Picks at random from {@code random}; thread-safe only if {@code random} is. */
  static Spread random(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    return random::nextInt;
  }
}
