package io.belay.election.control;

import io.belay.routing.BackendRole;

/**
 * A backend's replication position as read by a control command.
 *
 * @param role       the role it reports
 * @param offset     {@code master_repl_offset} of a master, {@code slave_repl_offset} of a replica
 * @param masterHost a replica's master host, or null
 * @param masterPort a replica's master port, or 0
 * @param linkUp     a replica's link status; true for a master
 */
public record ReplicationState(BackendRole role, long offset, String masterHost, int masterPort,
    boolean linkUp) {
}
