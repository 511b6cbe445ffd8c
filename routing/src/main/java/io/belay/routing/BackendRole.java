package io.belay.routing;

/** The role a backend reports for itself ({@code INFO replication}), which may lag the table. */
public enum BackendRole {
  /** Reports {@code role:master}. */
  MASTER,
  /** Reports {@code role:slave}. */
  REPLICA,
  /** Not probed yet, or the last probe failed. */
  UNKNOWN
}
