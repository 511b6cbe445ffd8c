package io.belay.election.cluster;

/**
 * What a node needs to know about the cluster before it decides anything. Read on the election
 * context; never blocks.
 */
public interface Leadership {

  /** Whether the cluster this node sees holds a majority of the configured members. */
  boolean majority();

  /** Whether this node is the oldest member of a majority cluster, and so the one that acts. */
  boolean leading();

  /** This node's member id (its Hazelcast UUID). */
  String localId();

  String localName();

  /** Whether {@code memberId} is in the cluster this node sees. */
  boolean isMember(String memberId);

  /** When this node last saw a member leave, or 0. */
  long lastMemberLossMillis();
}
