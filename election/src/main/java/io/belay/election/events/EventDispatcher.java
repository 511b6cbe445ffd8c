package io.belay.election.events;

import io.belay.election.ElectionEvent;
import io.belay.election.ElectionEvents;
import io.belay.election.EventType;
import io.belay.election.Hooks;
import io.belay.routing.BackendRef;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where events go: one log line each, every registered listener, and the group's hooks. Hooks
 * are started and forgotten, so a slow script or endpoint never delays the caller.
 */
public final class EventDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final String nodeName;
  private final Map<String, Hooks> hooks;
  private final ScriptRunner scripts;
  private final WebhookSender webhooks;
  private final List<ElectionEvents> listeners = new CopyOnWriteArrayList<>();

  public EventDispatcher(String nodeName, Map<String, Hooks> hooksByGroup, ScriptRunner scripts,
      WebhookSender webhooks) {
    this.nodeName = nodeName;
    this.hooks = Map.copyOf(hooksByGroup);
    this.scripts = scripts;
    this.webhooks = webhooks;
  }

  public void addListener(ElectionEvents listener) {
    listeners.add(listener);
  }

  public void removeListener(ElectionEvents listener) {
    listeners.remove(listener);
  }

  public void emit(EventType type, String group, String description, long epoch) {
    emit(new ElectionEvent(type, group, description, epoch, Instant.now()));
  }

  public void emit(ElectionEvent event) {
    LOG.info("{}", event);
    for (ElectionEvents l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("event listener failed on {}: {}", event, e.toString());
      }
    }
    Hooks h = hooks.get(event.group());
    if (h == null) {
      return;
    }
    if (event.type().warning() && h.notificationScript().isPresent()) {
      scripts.run(h.notificationScript().get(), List.of(event.type().text(), event.description()),
          h.timeout());
    }
    if (!h.webhooks().isEmpty()) {
      JsonObject body = new JsonObject()
          .put("event", event.type().text())
          .put("group", event.group())
          .put("description", event.description())
          .put("epoch", event.epoch())
          .put("node", nodeName)
          .put("time", event.at().toString());
      for (URI url : h.webhooks()) {
        webhooks.send(url, body, h.timeout());
      }
    }
  }

  /**
   * Runs the group's client-reconfig-script with Sentinel's arguments
   * {@code <master-name> <role> <state> <from-ip> <from-port> <to-ip> <to-port>}; role is
   * {@code leader} on the node that ran the failover and {@code observer} elsewhere, state is
   * always {@code failover}.
   */
  public void clientReconfig(String group, boolean leader, BackendRef from, BackendRef to) {
    Hooks h = hooks.get(group);
    if (h == null || h.clientReconfigScript().isEmpty() || from == null || to == null) {
      return;
    }
    scripts.run(h.clientReconfigScript().get(), List.of(group, leader ? "leader" : "observer",
        "failover", from.host(), Integer.toString(from.port()), to.host(),
        Integer.toString(to.port())), h.timeout());
  }
}
