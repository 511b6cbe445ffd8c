package io.belay.backends.replication;

import io.belay.backends.command.InfoSection;

/** INFO replication, field for field as redis-server prints it. */
final class ReplicationInfo implements InfoSection {

  private final Replication r;

  ReplicationInfo(Replication replication) {
    this.r = replication;
  }

  @Override
  public String name() {
    return "replication";
  }

  @Override
  public void write(StringBuilder sb) {
    long now = System.currentTimeMillis();
    MasterLink link = r.link();
    if (link == null) {
      sb.append("role:master\r\n");
    } else {
      sb.append("role:slave\r\n")
          .append("master_host:").append(link.host()).append("\r\n")
          .append("master_port:").append(link.port()).append("\r\n")
          .append("master_link_status:").append(link.isConnected() ? "up" : "down").append("\r\n")
          .append("master_last_io_seconds_ago:").append(link.isConnected() ? (now - link.lastIo()) / 1000 : -1)
          .append("\r\n")
          .append("master_sync_in_progress:").append(link.isSyncing() ? 1 : 0).append("\r\n")
          .append("slave_read_repl_offset:").append(r.offset()).append("\r\n")
          .append("slave_repl_offset:").append(r.offset()).append("\r\n");
      if (!link.isConnected()) {
        sb.append("master_link_down_since_seconds:").append((now - link.downSince()) / 1000).append("\r\n");
      }
      sb.append("slave_priority:").append(r.engine().settings().replicaPriority()).append("\r\n")
          .append("slave_read_only:").append(r.engine().settings().replicaReadOnly() ? 1 : 0).append("\r\n")
          .append("replica_announced:1\r\n");
    }
    sb.append("connected_slaves:").append(r.replicas().size()).append("\r\n");
    if (link == null && r.engine().settings().minReplicasToWrite() > 0) {
      sb.append("min_slaves_good_slaves:").append(r.goodReplicas()).append("\r\n");
    }
    int i = 0;
    for (ReplicaHandle h : r.replicas()) {
      sb.append("slave").append(i++).append(":ip=").append(h.ip).append(",port=").append(h.listeningPort)
          .append(",state=").append(h.state.infoName).append(",offset=").append(h.ackOffset)
          .append(",lag=").append(h.lagSeconds(now)).append("\r\n");
    }
    Backlog backlog = r.backlog();
    sb.append("master_failover_state:no-failover\r\n")
        .append("master_replid:").append(r.replId()).append("\r\n")
        .append("master_replid2:").append(r.replId2()).append("\r\n")
        .append("master_repl_offset:").append(r.offset()).append("\r\n")
        .append("second_repl_offset:").append(r.secondOffset()).append("\r\n")
        .append("repl_backlog_active:").append(backlog == null ? 0 : 1).append("\r\n")
        .append("repl_backlog_size:").append(r.engine().settings().replBacklogSize()).append("\r\n")
        .append("repl_backlog_first_byte_offset:").append(backlog == null ? 0 : backlog.firstOffset() + 1)
        .append("\r\n")
        .append("repl_backlog_histlen:").append(backlog == null ? 0 : backlog.length()).append("\r\n")
        .append("belay_epoch:").append(r.fence().epoch()).append("\r\n");
  }
}
