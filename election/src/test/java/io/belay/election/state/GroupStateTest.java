package io.belay.election.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupStateTest {

  private static final GroupState START = GroupState.bootstrap("g", 3, "a", List.of("b", "c"));

  private static Attempt attempt(String leader) {
    return new Attempt(leader, "node-" + leader, FailoverKind.FAILOVER, "SELECT_REPLICA", null,
        "a", false, 42);
  }

  @Test
  void shouldEncodeCanonicallySoCompareAndSetMatchesExactly() {
    GroupState claimed = START.claim(4, attempt("x").withCandidate("b").promoting());
    for (GroupState s : List.of(START, claimed, claimed.holdingWrites(), claimed.aborted())) {
      String encoded = s.encode();
      assertEquals(s, GroupState.decode(encoded));
      assertEquals(encoded, GroupState.decode(encoded).encode());
    }
  }

  @Test
  void shouldOnlyClaimAHigherEpoch() {
    assertThrows(IllegalArgumentException.class, () -> START.claim(3, attempt("x")));
    assertThrows(IllegalArgumentException.class, () -> START.claim(2, attempt("x")));
    GroupState claimed = START.claim(4, attempt("x"));
    assertEquals(4, claimed.epoch());
    assertEquals(3, claimed.tableEpoch(), "the topology is unchanged until published");
    assertEquals("a", claimed.master());
  }

  @Test
  void shouldLetExactlyOneOfTwoClaimsFromTheSameStateWin() {
    InMemoryStateStore store = new InMemoryStateStore();
    store.put(START);
    GroupState mine = START.claim(4, attempt("me"));
    GroupState theirs = START.claim(4, attempt("them"));
    assertTrue(store.compareAndSet(START, mine).result());
    assertFalse(store.compareAndSet(START, theirs).result());
    assertEquals("me", store.current("g").attempt().leader());
  }

  @Test
  void shouldPublishTheNewMasterInTheClaimedEpoch() {
    GroupState published = START.claim(4, attempt("x")).published("c", List.of("a", "b", "c"));
    assertEquals(4, published.epoch());
    assertEquals(4, published.tableEpoch());
    assertEquals("c", published.master());
    assertEquals(List.of("a", "b"), published.replicas());
    assertNull(published.attempt());
  }

  @Test
  void shouldHoldWritesInTheClaimedEpochAndClaimTheNextForThePromotion() {
    GroupState held = START.claim(4, attempt("x")).holdingWrites();
    assertTrue(held.holdWrites());
    assertEquals(4, held.tableEpoch());
    assertEquals(5, held.epoch());
  }

  @Test
  void shouldRepublishTheOldMasterAboveAHeldTableOnAbort() {
    GroupState aborted = START.claim(4, attempt("x")).holdingWrites().aborted();
    assertFalse(aborted.holdWrites());
    assertEquals(5, aborted.tableEpoch());
    assertEquals("a", aborted.master());
    GroupState plain = START.claim(4, attempt("x")).aborted();
    assertEquals(3, plain.tableEpoch(), "nothing was published, nothing to supersede");
    assertEquals(4, plain.epoch(), "a claimed epoch is never given back");
  }

  @Test
  void shouldBumpTheSameTopologyIntoAHigherEpoch() {
    GroupState bumped = START.bumped(9);
    assertEquals(9, bumped.epoch());
    assertEquals(9, bumped.tableEpoch());
    assertEquals(START.master(), bumped.master());
    assertThrows(IllegalArgumentException.class, () -> START.bumped(3));
  }

  @Test
  void shouldRefuseAMasterThatIsAlsoAReplica() {
    assertThrows(IllegalArgumentException.class,
        () -> GroupState.bootstrap("g", 1, "a", List.of("a", "b")));
  }
}
