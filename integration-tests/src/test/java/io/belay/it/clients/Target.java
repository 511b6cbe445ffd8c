package io.belay.it.clients;

/** Where a client of the compatibility matrix connects. */
enum Target {
  /** The proxy port of a {@code belay node} in front of three Belay backends. */
  PROXY,
  /** The master Belay backend itself, no proxy in between. */
  BACKEND,
  /** A stock redis-server on its own: the oracle for what every answer should be. */
  REDIS
}
