package io.belay.election;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a group runs when something happens to it, as Sentinel's {@code notification-script} and
 * {@code client-reconfig-script}, plus webhooks. Hooks run off the event loop with a timeout; a
 * hook that hangs or fails is logged and never delays a failover.
 *
 * @param notificationScript   run for every warning-level event with Sentinel's arguments
 *                             {@code <event-type> <event-description>}
 * @param clientReconfigScript run when the master changes with Sentinel's arguments
 *                             {@code <master-name> <role> <state> <from-ip> <from-port> <to-ip>
 *                             <to-port>}
 * @param webhooks             URLs that receive every event as a JSON POST, retried on failure
 * @param timeout              how long one script run or one webhook attempt may take
 */
public record Hooks(
    Optional<Path> notificationScript,
    Optional<Path> clientReconfigScript,
    List<URI> webhooks,
    Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** No scripts, no webhooks. */
  public static final Hooks NONE = new Hooks(Optional.empty(), Optional.empty(), List.of(),
      DEFAULT_TIMEOUT);

  public Hooks {
    Objects.requireNonNull(notificationScript, "notificationScript");
    Objects.requireNonNull(clientReconfigScript, "clientReconfigScript");
    webhooks = List.copyOf(webhooks);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("hook timeout must be positive: " + timeout);
    }
  }

  public Hooks withNotificationScript(Path script) {
    return new Hooks(Optional.of(script), clientReconfigScript, webhooks, timeout);
  }

  public Hooks withClientReconfigScript(Path script) {
    return new Hooks(notificationScript, Optional.of(script), webhooks, timeout);
  }

  public Hooks withWebhooks(List<URI> urls) {
    return new Hooks(notificationScript, clientReconfigScript, urls, timeout);
  }

  public Hooks withTimeout(Duration t) {
    return new Hooks(notificationScript, clientReconfigScript, webhooks, t);
  }

  public boolean isEmpty() {
    return notificationScript.isEmpty() && clientReconfigScript.isEmpty() && webhooks.isEmpty();
  }
}
