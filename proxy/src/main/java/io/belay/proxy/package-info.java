/**
 * The client-facing data path of one group: a Redis-protocol listener that keeps one stable
 * address in front of a master and its replicas.
 *
 * <p>The launcher builds a {@link io.belay.proxy.ProxyGroup} from the group's
 * {@link io.belay.routing.RoutingHolder} (which election feeds), its
 * {@link io.belay.routing.RoutingSettings}, {@link io.belay.proxy.ProxyOptions} and
 * {@link io.belay.proxy.ProxyMetrics}, registers any {@link io.belay.proxy.InProcessBackend}s,
 * and starts a {@link io.belay.proxy.ProxyServer}. Routing settings can be swapped while it runs;
 * a new routing table is picked up on the next command, and at once for held writes and
 * subscriptions when {@link io.belay.proxy.ProxyGroup#tableChanged()} is called (otherwise within
 * {@link io.belay.proxy.ProxyOptions#pollInterval()}).
 *
 * <p>The port also speaks Sentinel: {@link io.belay.proxy.SentinelApi} answers {@code SENTINEL}
 * queries, and {@link io.belay.proxy.ProxyGroup#publishEvent} delivers the election's events
 * ({@code +switch-master}, ...) to the port's subscribers, as redis-sentinel publishes them.
 */
package io.belay.proxy;
