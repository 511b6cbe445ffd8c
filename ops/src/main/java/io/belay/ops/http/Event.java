package io.belay.ops.http;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a group, named as Sentinel names it on its event channels.
 *
 * @param time    when it happened
 * @param group   the group it concerns; empty for events about the node or the cluster
 * @param type    Sentinel's event name, e.g. {@code +sdown}, {@code +odown},
 *                {@code +switch-master}, {@code -sdown}
 * @param message what an operator reads, e.g. {@code mymaster 127.0.0.1 6380 127.0.0.1 6381}
 */
public record Event(Instant time, String group, String type, String message) {

  public Event {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }
}
