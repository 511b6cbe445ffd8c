package io.belay.routing;

import java.util.List;
import java.util.OptionalLong;

/** Backends and tables for the routing tests. */
final class Fixtures {

  static final String GROUP = "mymaster";
  static final BackendRef M = new BackendRef("m", "127.0.0.1", 6380);
  static final BackendRef R1 = new BackendRef("r1", "127.0.0.1", 6381);
  static final BackendRef R2 = new BackendRef("r2", "127.0.0.1", 6382);
  static final BackendRef R3 = new BackendRef("r3", "127.0.0.1", 6383);

  private Fixtures() {
  }

  static BackendView master() {
    return BackendView.master(M, 1_000);
  }

  /** A healthy replica at {@code offset}, behind the master at 1000 by the difference. */
  static BackendView replica(BackendRef ref, long offset, long lagMillis) {
    return BackendView.replica(ref, offset, 1_000 - offset, lagMillis);
  }

  static BackendView healthy(BackendRef ref) {
    return replica(ref, 1_000, 0);
  }

  /** A table with master M and the given replica views, in order. */
  static RoutingTable table(long epoch, BackendView... replicas) {
    List<BackendRef> refs = java.util.Arrays.stream(replicas).map(BackendView::backend).toList();
    List<BackendView> views = new java.util.ArrayList<>(List.of(replicas));
    views.add(master());
    return RoutingTable.of(GROUP, epoch, M, refs, views);
  }

  /** As {@link #table} but with no master (a failover in progress). */
  static RoutingTable tableWithoutMaster(long epoch, BackendView... replicas) {
    List<BackendRef> refs = java.util.Arrays.stream(replicas).map(BackendView::backend).toList();
    return RoutingTable.of(GROUP, epoch, null, refs, List.of(replicas));
  }

  static BackendView unknownLag(BackendRef ref) {
    return new BackendView(ref, BackendRole.REPLICA, true, true, OptionalLong.empty(),
        OptionalLong.empty(), OptionalLong.empty());
  }
}
