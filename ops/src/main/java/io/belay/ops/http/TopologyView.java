package io.belay.ops.http;

/**
 * Where the ops server reads the topology. Called on an event loop for every request and
 * every dashboard poll, so it must not block: return the snapshot the node already holds.
 */
@FunctionalInterface
public interface TopologyView {

  Topology snapshot();
}
