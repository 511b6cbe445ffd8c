/**
 * Belay's election: Hazelcast membership, health probes, subjective and objective down, the
 * fenced failover state machine and routing-table publication.
 *
 * <h2>For the launcher</h2>
 * <pre>{@code
 * GroupSpec group = GroupSpec.of("mymaster", backends, 2)
 *     .withDownAfter(Duration.ofMillis(200))
 *     .withHooks(Hooks.NONE.withClientReconfigScript(Path.of("/etc/belay/reconfig.sh")));
 * ElectionConfig config = new ElectionConfig("belay",
 *     List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"), "a", 5701, List.of(group));
 * Map<String, RoutingHolder> holders = Map.of("mymaster", proxyHolder);   // the proxy's holders
 * Election.start(vertx, config, holders,
 *         List.of(new ElectionMetrics(registry, holders), event -> opsEvents.publish(event)))
 *     .onSuccess(election -> ...);
 * election.switchover("mymaster");          // planned, no lost writes
 * election.close();
 * }</pre>
 *
 * <h2>What the proxy reads from its holder</h2>
 * <ul>
 *   <li>no table yet: the cluster has not decided who the master is (no majority yet, or the
 *       backends have not been heard from): hold writes, then {@code -MASTERDOWN};
 *   <li>{@code master != null}: writes go there; the master's role was confirmed in this epoch;
 *   <li>{@code master == null}: a planned switchover holds writes, or this node lost the
 *       majority and its lease ({@code 2 x down-after}) ran out: hold writes, then
 *       {@code -MASTERDOWN};
 *   <li>a view with {@code up == false}: do not read from that backend (down, not yet following
 *       the master, or an old master that has not been demoted yet).
 * </ul>
 *
 * <h2>Decisions (DESIGN decision 2)</h2>
 * Hazelcast Community without CP: decisions are compare-and-set writes to one map entry per
 * group, allowed only while this node sees a majority of the configured members (checked here
 * and enforced by Hazelcast's split-brain protection); the oldest member of the majority leads;
 * every claim takes {@code max(known epochs) + 1}; Belay backends refuse orders from older
 * epochs; holders refuse older tables.
 */
package io.belay.election;
