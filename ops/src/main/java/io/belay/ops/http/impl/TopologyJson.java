package io.belay.ops.http.impl;

import io.belay.ops.http.BackendView;
import io.belay.ops.http.Event;
import io.belay.ops.http.GroupSettings;
import io.belay.ops.http.GroupView;
import io.belay.ops.http.Topology;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API. Field names are camelCase; enum values are lower case. */
public final class TopologyJson {

  private TopologyJson() {
  }

  /**
   * The topology as served at {@code time}; readers divide counter differences by the
   * server's clock rather than their own.
   */
  public static JsonObject topology(Topology topology, Instant time) {
    JsonArray groups = new JsonArray();
    topology.groups().forEach(group -> groups.add(group(group)));
    return new JsonObject().put("time", time.toString()).put("groups", groups);
  }

  public static JsonObject group(GroupView group) {
    JsonArray backends = new JsonArray();
    group.backends().forEach(backend -> backends.add(backend(backend)));
    return new JsonObject()
        .put("name", group.name())
        .put("epoch", group.epoch())
        .put("leader", group.leader().orElse(null))
        .put("master", group.master().map(BackendView::address).orElse(null))
        .put("settings", settings(group.settings()))
        .put("commandsTotal", group.commandsTotal())
        .put("backends", backends);
  }

  public static JsonObject settings(GroupSettings settings) {
    return new JsonObject()
        .put("readPolicy", settings.readPolicy())
        .put("maxReplicaLag", settings.maxReplicaLag())
        .put("consistency", settings.consistency())
        .put("durability", settings.durability());
  }

  public static JsonObject backend(BackendView backend) {
    return new JsonObject()
        .put("address", backend.address())
        .put("role", backend.role().wireName())
        .put("state", backend.state().wireName())
        .put("replicationOffset", backend.replicationOffset())
        .put("lagBytes", backend.lagBytes())
        // JSON has no NaN or infinity; an unknown lag is null.
        .put("lagSeconds", Double.isFinite(backend.lagSeconds()) ? backend.lagSeconds() : null)
        .put("connectedReplicas", backend.connectedReplicas())
        .put("fullResyncs", backend.fullResyncs())
        .put("partialResyncs", backend.partialResyncs());
  }

  public static JsonObject event(Event event) {
    return new JsonObject()
        .put("time", event.time().toString())
        .put("group", event.group())
        .put("type", event.type())
        .put("message", event.message());
  }

  public static JsonArray events(List<Event> events) {
    JsonArray array = new JsonArray();
    events.forEach(event -> array.add(event(event)));
    return array;
  }
}
