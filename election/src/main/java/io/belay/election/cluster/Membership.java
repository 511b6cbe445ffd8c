package io.belay.election.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The cluster as this node sees it, kept on the election context from Hazelcast's membership
 * events. The majority is counted against the configured member list, never against who is
 * connected, so a cluster split in two can have at most one side that decides. The leader is the
 * first of Hazelcast's member list, which is ordered oldest first and is the same on every member
 * of one cluster.
 *
 * <p>The local id is not fixed: a member that rejoins after a split heals (Hazelcast merges the
 * smaller side into the larger) comes back under a new UUID, so every member list is installed
 * together with the id Hazelcast gives this node at that moment. Were the first id kept, the
 * node would never find itself in the merged cluster and would stay out of the majority for good.
 */
public final class Membership implements Leadership {

  private final int configuredSize;
  private volatile String localId;
  private final String localName;
  private final List<Consumer<Membership>> listeners = new ArrayList<>();
  private List<MemberInfo> members = List.of();
  private long lastLossAt;
  private long minoritySince;

  public Membership(int configuredSize, String localId, String localName) {
    if (configuredSize < 1) {
      throw new IllegalArgumentException("cluster size must be at least 1");
    }
    this.configuredSize = configuredSize;
    this.localId = Objects.requireNonNull(localId, "localId");
    this.localName = Objects.requireNonNull(localName, "localName");
    this.minoritySince = System.currentTimeMillis();
  }

  /** Installs a new member list, oldest first, keeping the local id. Call on the election context. */
  public void update(List<MemberInfo> newMembers) {
    update(localId, newMembers);
  }

  /**
   * Installs a new member list, oldest first, and the id this node has in it (it changes when
   * the node rejoins after a merge). Call on the election context.
   */
  public void update(String newLocalId, List<MemberInfo> newMembers) {
    List<MemberInfo> old = members;
    boolean hadMajority = majority();
    localId = Objects.requireNonNull(newLocalId, "localId");
    members = List.copyOf(newMembers);
    for (MemberInfo m : old) {
      if (!isMember(m.id())) {
        lastLossAt = System.currentTimeMillis();
      }
    }
    if (hadMajority && !majority()) {
      minoritySince = System.currentTimeMillis();
    }
    for (Consumer<Membership> l : listeners) {
      l.accept(this);
    }
  }

  public void onChange(Consumer<Membership> listener) {
    listeners.add(listener);
  }

  public List<MemberInfo> members() {
    return members;
  }

  public int configuredSize() {
    return configuredSize;
  }

  public int majoritySize() {
    return configuredSize / 2 + 1;
  }

  @Override
  public boolean majority() {
    return members.size() >= majoritySize() && isMember(localId);
  }

  @Override
  public boolean leading() {
    return majority() && members.get(0).id().equals(localId);
  }

  /** The oldest member, or null when the cluster is empty. */
  public MemberInfo oldest() {
    return members.isEmpty() ? null : members.get(0);
  }

  @Override
  public String localId() {
    return localId;
  }

  @Override
  public String localName() {
    return localName;
  }

  @Override
  public boolean isMember(String memberId) {
    for (MemberInfo m : members) {
      if (m.id().equals(memberId)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long lastMemberLossMillis() {
    return lastLossAt;
  }

  /** When this node last lost the majority; meaningful only while {@link #majority()} is false. */
  public long minoritySinceMillis() {
    return minoritySince;
  }
}
