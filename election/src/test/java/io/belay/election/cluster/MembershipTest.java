package io.belay.election.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

  private static MemberInfo m(String id) {
    return new MemberInfo(id, "node-" + id, "127.0.0.1", 5700 + id.length());
  }

  @Test
  void shouldCountTheMajorityAgainstTheConfiguredSizeNotTheConnectedOnes() {
    Membership view = new Membership(3, "b", "node-b");
    view.update(List.of(m("b")));
    assertFalse(view.majority(), "1 of 3 configured");
    assertFalse(view.leading());
    view.update(List.of(m("a"), m("b")));
    assertTrue(view.majority());
    assertFalse(view.leading(), "a is older");
    view.update(List.of(m("b"), m("c")));
    assertTrue(view.leading(), "the oldest member of a majority leads");
  }

  @Test
  void shouldLeadAloneInSingleMemberMode() {
    Membership view = new Membership(1, "a", "node-a");
    view.update(List.of(m("a")));
    assertTrue(view.leading());
  }

  @Test
  void shouldNeverCountItselfOutOfAnEmptyOrForeignCluster() {
    Membership view = new Membership(1, "a", "node-a");
    view.update(List.of());
    assertFalse(view.majority());
    view.update(List.of(m("x")));
    assertFalse(view.majority(), "a cluster this node is not in is no majority of its own");
  }

  @Test
  void shouldRememberWhenItLostAMemberAndTheMajority() {
    Membership view = new Membership(3, "a", "node-a");
    view.update(List.of(m("a"), m("b"), m("c")));
    assertEquals(0, view.lastMemberLossMillis());
    long before = System.currentTimeMillis();
    view.update(List.of(m("a")));
    assertTrue(view.lastMemberLossMillis() >= before);
    assertTrue(view.minoritySinceMillis() >= before);
  }

  @Test
  void shouldFindItselfInTheMergedClusterUnderTheIdItRejoinedWith() {
    Membership view = new Membership(3, "b", "node-b");
    view.update(List.of(m("a"), m("b"), m("c")));
    view.update(List.of(m("b")));
    assertFalse(view.majority());
    // the split heals: Hazelcast merges this node into the larger side under a new UUID
    view.update("b2", List.of(m("a"), m("c"), m("b2")));
    assertEquals("b2", view.localId());
    assertTrue(view.majority(), "the rejoined node is part of the majority again");
    assertFalse(view.leading());
  }
}
