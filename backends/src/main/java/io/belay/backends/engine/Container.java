package io.belay.backends.engine;

/** A collection value that keeps its own memory estimate current as it changes. */
public interface Container {

  /** Estimated bytes held, updated in O(1) on every change. */
  long memoryUsage();

  /** Number of elements; an empty container is deleted from the keyspace. */
  int size();

  /** An independent copy, for COPY and for snapshots. */
  Container copy();

  /** The OBJECT ENCODING Redis would report for this content. */
  String encoding();
}
