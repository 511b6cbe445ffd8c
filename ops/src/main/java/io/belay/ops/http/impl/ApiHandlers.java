package io.belay.ops.http.impl;

import io.belay.ops.http.EventFeed;
import io.belay.ops.http.GroupView;
import io.belay.ops.http.TopologyView;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** The read side of the API: topology, one group, recent events. */
public final class ApiHandlers {

  private final TopologyView topology;
  private final EventFeed events;

  public ApiHandlers(TopologyView topology, EventFeed events) {
    this.topology = topology;
    this.events = events;
  }

  public void topology(RoutingContext ctx) {
    Responses.json(ctx, 200, TopologyJson.topology(topology.snapshot(), Instant.now()));
  }

  public void group(RoutingContext ctx) {
    Responses.json(ctx, 200, TopologyJson.group(requireGroup(topology, ctx.pathParam("group"))));
  }

  public void events(RoutingContext ctx) {
    Responses.json(ctx, 200, TopologyJson.events(events.recent()));
  }

  static GroupView requireGroup(TopologyView topology, String name) {
    return topology.snapshot().group(name).orElseThrow(() -> ApiError.unknownGroup(name));
  }
}
