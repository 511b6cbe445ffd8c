package io.belay.ops.http;

import java.util.Locale;
import java.util.Objects;

/**
 * One backend of a group: its role in the current routing table and what replication says
 * about it. Lag is measured against the group's master and is zero for the master itself.
 *
 * @param address           host:port of the backend
 * @param role              its role in the routing table of the current epoch
 * @param state             what the probes and the cluster make of it
 * @param replicationOffset the replication offset it last reported
 * @param lagBytes          how far its offset is behind the master's
 * @param lagSeconds        seconds since it last acknowledged the master's stream
 * @param connectedReplicas replicas streaming from it (non-zero on the master)
 * @param fullResyncs       full resyncs it served, as Redis's {@code sync_full}
 * @param partialResyncs    partial resyncs it accepted, as Redis's {@code sync_partial_ok}
 */
public record BackendView(
    String address,
    Role role,
    BackendState state,
    long replicationOffset,
    long lagBytes,
    double lagSeconds,
    int connectedReplicas,
    long fullResyncs,
    long partialResyncs) {

  public BackendView {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(state, "state");
  }

  /** A backend's role in the routing table; written in lower case in JSON. */
  public enum Role {
    /** Receives the writes; replicas stream from it. */
    MASTER,
    /** Streams from the master; may serve reads, depending on the read policy. */
    REPLICA;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
