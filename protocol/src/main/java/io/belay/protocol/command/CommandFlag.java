package io.belay.protocol.command;

import java.util.Locale;

/** The command flags redis-server reports in {@code COMMAND INFO}, under their Redis names. */
public enum CommandFlag {
  /** May modify the keyspace. */
  WRITE,
  /** Never modifies the keyspace; the only commands a replica may serve for the proxy. */
  READONLY,
  /** May grow memory, so refused when {@code maxmemory} is reached under noeviction. */
  DENYOOM,
  MODULE,
  /** Administrative: configuration, replication, shutdown. */
  ADMIN,
  /** Pub/sub. */
  PUBSUB,
  /** Not allowed from scripts. */
  NOSCRIPT,
  /** May block the client (BLPOP, WAIT, ...). */
  BLOCKING,
  /** Allowed while a dataset is loading. */
  LOADING,
  /** Allowed on a replica whose link is down with {@code replica-serve-stale-data no}. */
  STALE,
  SKIP_MONITOR,
  SKIP_SLOWLOG,
  ASKING,
  /** O(1) or O(log N). */
  FAST,
  /** Allowed before authentication. */
  NO_AUTH,
  /** May be propagated to replicas although not a write (PUBLISH, EVAL, ...). */
  MAY_REPLICATE,
  SENTINEL,
  ONLY_SENTINEL,
  NO_MANDATORY_KEYS,
  PROTECTED,
  MODULE_GETKEYS,
  MODULE_NO_CLUSTER,
  NO_ASYNC_LOADING,
  /** Not allowed inside MULTI. */
  NO_MULTI,
  /** Key positions depend on the arguments; see the key specs. */
  MOVABLEKEYS,
  ALLOW_BUSY;

  /** The flag as Redis spells it ({@code "no_auth"}). */
  public String redisName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The flag for a Redis spelling, or {@code null} for one this table does not know. */
  public static CommandFlag fromRedisName(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
