package io.belay.backends.persistence;

import java.util.Map;

/**
 * What loading an RDB found besides the keys: its version, its aux fields (redis-ver,
 * repl-id, repl-offset, aof-base, ...) and counts.
 *
 * @param version     RDB format version
 * @param aux         aux fields in file order
 * @param keysLoaded  keys put into the keyspace
 * @param keysExpired keys skipped because their expiry had passed
 */
public record RdbInfo(int version, Map<String, String> aux, long keysLoaded, long keysExpired) {

  public RdbInfo {
    aux = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aux));
  }

  /** The replication ID the file was written under, or null. */
  public String replId() {
    return aux.get("repl-id");
  }

  /** The replication offset the file corresponds to, or -1. */
  public long replOffset() {
    String v = aux.get("repl-offset");
    return v == null ? -1 : Long.parseLong(v);
  }

  /** True for the RDB preamble of an AOF. */
  public boolean aofBase() {
    return "1".equals(aux.get("aof-base"));
  }
}
