package io.belay.election.events;

import io.belay.routing.BackendRef;

/** Event descriptions in Sentinel's words, so scripts that parse Sentinel's output keep working. */
public final class Descriptions {

  private Descriptions() {
  }

  /** {@code master mymaster 127.0.0.1 6379} */
  public static String master(String group, BackendRef master) {
    return "master " + group + " " + hostPort(master);
  }

  /** {@code slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379} */
  public static String replica(BackendRef replica, String group, BackendRef master) {
    return "slave " + replica.address() + " " + hostPort(replica) + " @ " + group + " "
        + (master == null ? "? 0" : hostPort(master));
  }

  /** The description of {@code backend} as a master when it is one, else as a replica. */
  public static String instance(BackendRef backend, String group, BackendRef master) {
    return backend.equals(master) ? master(group, backend) : replica(backend, group, master);
  }

  /** {@code mymaster 127.0.0.1 6379 127.0.0.1 6380}: the +switch-master description. */
  public static String switchMaster(String group, BackendRef from, BackendRef to) {
    return group + " " + hostPort(from) + " " + hostPort(to);
  }

  public static String hostPort(BackendRef b) {
    return b.host() + " " + b.port();
  }
}
