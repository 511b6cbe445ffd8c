package io.belay.routing;

import static io.belay.routing.Fixtures.R1;
import static io.belay.routing.Fixtures.replica;
import static io.belay.routing.Fixtures.unknownLag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {

  private static final long EPOCH = 4;
  private static final long MS = 1_000_000;

  private final AtomicLong clock = new AtomicLong(123 * MS);
  private final ReadYourWrites session = new ReadYourWrites(Duration.ofMillis(500), clock::get);

  private void advanceMillis(long millis) {
    clock.addAndGet(millis * MS);
  }

  @Test
  void shouldFindEveryReplicaFreshBeforeAnyWrite() {
    assertFalse(session.hasWritten());
    assertTrue(session.isFresh(EPOCH, 0));
    assertTrue(session.admits(EPOCH, unknownLag(R1)));
  }

  @Test
  void shouldFindReplicaBehindTheWriteOffsetStale() {
    session.recordWrite(EPOCH, 1_000);
    assertFalse(session.isFresh(EPOCH, 999));
    assertTrue(session.isFresh(EPOCH, 1_000));
    assertTrue(session.isFresh(EPOCH, 5_000));
  }

  @Test
  void shouldKeepTrustingOffsetsOverTimeWhenBothAreKnown() {
    session.recordWrite(EPOCH, 1_000);
    advanceMillis(60_000);
    assertFalse(session.isFresh(EPOCH, 999), "a replica behind the write is stale however late");
  }

  @Test
  void shouldUseTheWindowWhenTheWriteOffsetIsUnknown() {
    session.recordWriteWithoutOffset(EPOCH);
    assertFalse(session.isFresh(EPOCH, Long.MAX_VALUE));
    advanceMillis(499);
    assertFalse(session.admits(EPOCH, replica(R1, 1_000, 0)));
    advanceMillis(1);
    assertTrue(session.admits(EPOCH, replica(R1, 1_000, 0)));
  }

  @Test
  void shouldUseTheWindowWhenTheReplicaOffsetIsUnknown() {
    session.recordWrite(EPOCH, 1_000);
    assertFalse(session.admits(EPOCH, unknownLag(R1)));
    advanceMillis(500);
    assertTrue(session.admits(EPOCH, unknownLag(R1)));
  }

  @Test
  void shouldStopComparingOffsetsAcrossEpochs() {
    session.recordWrite(EPOCH, 1_000);
    assertFalse(session.isFresh(EPOCH + 1, 5_000),
        "offsets of the old master say nothing about the new one");
    advanceMillis(500);
    assertTrue(session.isFresh(EPOCH + 1, 10));
  }

  @Test
  void shouldNotLowerTheMarkWhenAnOlderOffsetArrivesLate() {
    session.recordWrite(EPOCH, 2_000);
    session.recordWrite(EPOCH, 1_500);
    assertEquals(OptionalLong.of(2_000), session.requiredOffset());
    assertFalse(session.isFresh(EPOCH, 1_999));
  }

  @Test
  void shouldForgetTheOffsetAfterAWriteWithoutOne() {
    session.recordWrite(EPOCH, 2_000);
    session.recordWriteWithoutOffset(EPOCH);
    assertEquals(OptionalLong.empty(), session.requiredOffset());
    assertFalse(session.isFresh(EPOCH, 3_000));
  }

  @Test
  void shouldRestartTheWindowOnEveryWrite() {
    session.recordWriteWithoutOffset(EPOCH);
    advanceMillis(400);
    session.recordWriteWithoutOffset(EPOCH);
    advanceMillis(400);
    assertFalse(session.isFresh(EPOCH, 0));
    advanceMillis(100);
    assertTrue(session.isFresh(EPOCH, 0));
  }

  @Test
  void shouldRejectNegativeOffsetAndWindow() {
    assertThrows(IllegalArgumentException.class, () -> session.recordWrite(EPOCH, -1));
    assertThrows(IllegalArgumentException.class,
        () -> new ReadYourWrites(Duration.ofMillis(-1), clock::get));
  }
}
