package io.belay.election.sentinel;

/**
 * The answer to {@code SENTINEL CKQUORUM <name>}.
 *
 * @param ok       whether both the quorum and a majority are reachable
 * @param usable   members this node sees, itself included
 * @param quorum   the group's quorum
 * @param majority the members needed to authorize a failover
 * @param reply    Sentinel's reply text: {@code OK ...} or {@code NOQUORUM ...}
 */
public record QuorumCheck(boolean ok, int usable, int quorum, int majority, String reply) {

  public static QuorumCheck of(int usable, int quorum, int majority) {
    if (usable < quorum) {
      return new QuorumCheck(false, usable, quorum, majority, "NOQUORUM " + usable
          + " usable Sentinels. Not enough available Sentinels to reach the specified quorum"
          + " for this master");
    }
    if (usable < majority) {
      return new QuorumCheck(false, usable, quorum, majority, "NOQUORUM " + usable
          + " usable Sentinels. Not enough available Sentinels to reach the majority and"
          + " authorize a failover");
    }
    return new QuorumCheck(true, usable, quorum, majority, "OK " + usable
        + " usable Sentinels. Quorum and failover authorization can be reached");
  }
}
