package io.belay.proxy.impl;

import io.belay.routing.ReadSelection;
import io.belay.routing.RoutingSettings;
import io.belay.routing.RoutingTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The commands one socket read delivered: the unit of pinning (a batch with a write reads from
 * the master), of replica choice (its reads see one replica) and of write confirmation (one WAIT
 * after its writes).
 */
final class Batch {

  /** The routing settings when the batch arrived: a swap applies from the next batch on. */
  final RoutingSettings settings;
  /** Commands in the batch that count as writes. */
  int writes;
  /** Writes sent to a backend or answered without one. */
  int writesSettled;
  /** Epoch of the table the writes were routed with. */
  long writeEpoch = -1;
  /** Connections the writes went to; the follow-up (WAIT, ROLE) goes on each. */
  final Set<BackendConnection> writeConnections = new LinkedHashSet<>(2);
  /** Writes whose replies wait for the batch's WAIT. */
  final List<Call> held = new ArrayList<>();

  private RoutingTable selectedWith;
  private ReadSelection selection;

  Batch(RoutingSettings settings) {
    this.settings = settings;
  }

  /**
   * The batch's read selection for {@code table}, or {@code null} before one was made: one per
   * batch and table, so that the batch's reads observe a single replica.
   */
  ReadSelection selection(RoutingTable table) {
    return selectedWith == table ? selection : null;
  }

  void selected(RoutingTable table, ReadSelection made) {
    selection = made;
    selectedWith = table;
  }

  boolean allWritesSettled() {
    return writesSettled == writes;
  }
}
