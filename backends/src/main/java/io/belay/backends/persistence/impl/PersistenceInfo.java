package io.belay.backends.persistence.impl;

import io.belay.backends.command.InfoSection;

/** INFO persistence, with redis-server 7.0's fields in its order (fork-related ones are zero: no fork here). */
public final class PersistenceInfo implements InfoSection {

  private final RdbSaver rdb;
  private final AofManager aof;

  public PersistenceInfo(RdbSaver rdb, AofManager aof) {
    this.rdb = rdb;
    this.aof = aof;
  }

  @Override
  public String name() {
    return "persistence";
  }

  @Override
  public void write(StringBuilder out) {
    out.append("loading:0\r\n")
        .append("async_loading:0\r\n")
        .append("current_cow_peak:0\r\n")
        .append("current_cow_size:0\r\n")
        .append("current_cow_size_age:0\r\n")
        .append("current_fork_perc:0.00\r\n");
    rdb.info(out);
    aof.info(out);
  }
}
