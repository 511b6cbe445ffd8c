package io.belay.backends.command;

/** Decides whether writes are accepted right now ({@code min-replicas-to-write}). */
@FunctionalInterface
public interface WriteGate {

  /** The error reply refusing writes, or null to accept them. */
  String refusal();

  WriteGate OPEN = () -> null;
}
