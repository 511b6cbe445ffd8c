package io.belay.routing.impl;

import io.belay.routing.BackendView;
import java.util.Comparator;
import java.util.OptionalLong;

/**
 * Orders replicas from least to most behind: by lag in bytes, then by lag in time. Bytes come
 * first because they are exact (master offset minus replica offset) while time is an estimate
 * with the granularity of the acks. An unknown lag sorts after every known one. Replicas that
 * compare equal are ties, for the caller to spread.
 */
public final class LagOrder implements Comparator<BackendView> {

  public static final LagOrder INSTANCE = new LagOrder();

  private LagOrder() {
  }

  @Override
  public int compare(BackendView a, BackendView b) {
    int byBytes = compareKnownFirst(a.lagBytes(), b.lagBytes());
    return byBytes != 0 ? byBytes : compareKnownFirst(a.lagMillis(), b.lagMillis());
  }

  private static int compareKnownFirst(OptionalLong a, OptionalLong b) {
    if (a.isPresent() && b.isPresent()) {
      return Long.compare(a.getAsLong(), b.getAsLong());
    }
    if (a.isPresent()) {
      return -1;
    }
    return b.isPresent() ? 1 : 0;
  }
}
