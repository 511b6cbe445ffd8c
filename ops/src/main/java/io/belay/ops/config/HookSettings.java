package io.belay.ops.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a group runs when something happens to it, under Sentinel's names.
 *
 * @param notificationScript   run for every warning-level event with
 *                             {@code <event-type> <event-description>}
 * @param clientReconfigScript run when the master changes with {@code <master-name> <role>
 *                             <state> <from-ip> <from-port> <to-ip> <to-port>}
 * @param webhooks             http or https URLs that receive every event as a JSON POST
 */
public record HookSettings(Optional<Path> notificationScript, Optional<Path> clientReconfigScript,
    List<URI> webhooks) {

  public static final HookSettings NONE = new HookSettings(Optional.empty(), Optional.empty(),
      List.of());

  public HookSettings {
    Objects.requireNonNull(notificationScript, "notificationScript");
    Objects.requireNonNull(clientReconfigScript, "clientReconfigScript");
    webhooks = List.copyOf(webhooks);
  }
}
