package io.belay.proxy;

import io.belay.protocol.RespValue;
import io.vertx.core.Future;

/**
 * Answers {@code SENTINEL ...} on a proxy port, so Sentinel-aware clients and tools can ask a
 * Belay proxy what they would ask redis-sentinel. The election behind it lives in another
 * module; the launcher provides the implementation.
 *
 * <p>Contract: must not block; the future may complete on any thread and never fails (an
 * error is a {@link RespValue.Error} reply).
 */
@FunctionalInterface
public interface SentinelApi {

  /** The reply to {@code SENTINEL args...} ({@code args[0]} is the subcommand). */
  Future<RespValue> sentinel(byte[][] args);

  /** The proxy of a build without an election: SENTINEL is refused as Redis refuses it. */
  SentinelApi NONE = args -> Future.succeededFuture(
      new RespValue.Error("ERR unknown command 'SENTINEL', this proxy has no election attached"));
}
