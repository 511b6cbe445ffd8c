package io.belay.ops.http;

/**
 * What {@code /health/ready} asks. Called on an event loop; must not block. A node is ready
 * to take client traffic when both answers are yes.
 */
public interface Readiness {

  /** Every configured group has a master this node may route writes to. */
  boolean knowsMasterForEveryGroup();

  /** This node sits in the part of the cluster that holds a majority of configured members. */
  boolean inClusterMajority();
}
