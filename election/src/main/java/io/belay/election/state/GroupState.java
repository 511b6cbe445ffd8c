package io.belay.election.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One group's decisions, shared by every node through Hazelcast: who the master is, in which
 * epoch, and which failover is running. Changed only by compare-and-set from a node that holds a
 * majority, so two leaders can never both claim an epoch.
 *
 * <p>Two epochs, because claiming and publishing are separate steps: {@link #epoch()} is the
 * highest epoch any node has claimed (the fence the backends are ordered in), and
 * {@link #tableEpoch()} the epoch of the topology proxies route by. Outside a failover they are
 * equal; both only grow.
 *
 * @param group      the group name
 * @param epoch      the highest epoch claimed
 * @param tableEpoch the epoch of the published topology, never above {@code epoch}
 * @param master     the master's backend id
 * @param replicas   every other backend of the group, in configuration order
 * @param holdWrites a planned switchover holds writes: tables name no master
 * @param attempt    the failover in progress, or null
 */
public record GroupState(
    String group,
    long epoch,
    long tableEpoch,
    String master,
    List<String> replicas,
    boolean holdWrites,
    Attempt attempt) {

  public GroupState {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(master, "master");
    replicas = List.copyOf(replicas);
    if (tableEpoch > epoch || tableEpoch < 0) {
      throw new IllegalArgumentException("table epoch " + tableEpoch + " outside 0.." + epoch);
    }
    if (replicas.contains(master)) {
      throw new IllegalArgumentException("master " + master + " is also listed as a replica");
    }
  }

  /** The first decision about a group: {@code master} in {@code epoch}. */
  public static GroupState bootstrap(String group, long epoch, String master,
      List<String> replicas) {
    return new GroupState(group, epoch, epoch, master, replicas, false, null);
  }

  public boolean failoverInProgress() {
    return attempt != null;
  }

  /** Claims {@code newEpoch} for an attempt; the topology stays as it is until published. */
  public GroupState claim(long newEpoch, Attempt newAttempt) {
    if (newEpoch <= epoch) {
      throw new IllegalArgumentException("epoch " + newEpoch + " is not above " + epoch);
    }
    return new GroupState(group, newEpoch, tableEpoch, master, replicas, holdWrites, newAttempt);
  }

  /** The same state with the attempt's progress recorded. */
  public GroupState withAttempt(Attempt a) {
    return new GroupState(group, epoch, tableEpoch, master, replicas, holdWrites, a);
  }

  /**
   * Publishes a table without a master in the current epoch (proxies hold writes) and claims
   * the next epoch for the promotion, which must be published above the held table.
   */
  public GroupState holdingWrites() {
    return new GroupState(group, epoch + 1, epoch, master, replicas, true, attempt);
  }

  /** The attempt's result: {@code newMaster} in the claimed epoch, no attempt running. */
  public GroupState published(String newMaster, List<String> allBackends) {
    List<String> others = new ArrayList<>(allBackends);
    others.remove(newMaster);
    return new GroupState(group, epoch, epoch, newMaster, others, false, null);
  }

  /**
   * Gives the attempt up. If writes were held, the old master is republished in the claimed
   * epoch, since holders already took the held table and refuse another topology in its epoch.
   */
  public GroupState aborted() {
    return new GroupState(group, epoch, holdWrites ? epoch : tableEpoch, master, replicas, false,
        null);
  }

  /**
   * The same topology in {@code newEpoch}: used when some node holds a table at or above the
   * shared one (it offered a masterless table while cut off, or outlived a state reset).
   */
  public GroupState bumped(long newEpoch) {
    if (newEpoch <= epoch) {
      throw new IllegalArgumentException("epoch " + newEpoch + " is not above " + epoch);
    }
    return new GroupState(group, newEpoch, newEpoch, master, replicas, holdWrites, attempt);
  }

  /** Canonical JSON: the same state always encodes to the same string (compare-and-set). */
  public String encode() {
    JsonObject o = new JsonObject()
        .put("group", group)
        .put("epoch", epoch)
        .put("tableEpoch", tableEpoch)
        .put("master", master)
        .put("replicas", new JsonArray(new ArrayList<Object>(replicas)))
        .put("holdWrites", holdWrites);
    if (attempt != null) {
      o.put("attempt", new JsonObject()
          .put("leader", attempt.leader())
          .put("leaderName", attempt.leaderName())
          .put("kind", attempt.kind().name())
          .put("phase", attempt.phase())
          .put("candidate", attempt.candidate())
          .put("oldMaster", attempt.oldMaster())
          .put("promotionSent", attempt.promotionSent())
          .put("startedAt", attempt.startedAtMillis()));
    }
    return o.encode();
  }

  public static GroupState decode(String json) {
    JsonObject o = new JsonObject(json);
    List<String> replicas = new ArrayList<>();
    for (Object r : o.getJsonArray("replicas")) {
      replicas.add((String) r);
    }
    JsonObject a = o.getJsonObject("attempt");
    Attempt attempt = a == null ? null : new Attempt(
        a.getString("leader"),
        a.getString("leaderName"),
        FailoverKind.valueOf(a.getString("kind")),
        a.getString("phase"),
        a.getString("candidate"),
        a.getString("oldMaster"),
        a.getBoolean("promotionSent"),
        a.getLong("startedAt"));
    return new GroupState(o.getString("group"), o.getLong("epoch"), o.getLong("tableEpoch"),
        o.getString("master"), replicas, o.getBoolean("holdWrites"), attempt);
  }
}
