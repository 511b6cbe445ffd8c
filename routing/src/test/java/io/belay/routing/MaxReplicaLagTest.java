package io.belay.routing;

import static io.belay.routing.Fixtures.R1;
import static io.belay.routing.Fixtures.replica;
import static io.belay.routing.Fixtures.unknownLag;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MaxReplicaLagTest {

  @Test
  void shouldAdmitEveryReplicaWithoutBound() {
    assertTrue(MaxReplicaLag.NONE.admits(unknownLag(R1)));
    assertTrue(MaxReplicaLag.NONE.admits(replica(R1, 0, 3_600_000)));
  }

  @Test
  void shouldBoundLagInTime() {
    MaxReplicaLag lag = MaxReplicaLag.ofTime(Duration.ofSeconds(1));
    assertTrue(lag.admits(replica(R1, 0, 1_000)), "a lag equal to the bound is within it");
    assertFalse(lag.admits(replica(R1, 999, 1_001)));
  }

  @Test
  void shouldBoundLagInBytes() {
    MaxReplicaLag lag = MaxReplicaLag.ofBytes(100);
    assertTrue(lag.admits(replica(R1, 900, 60_000)));
    assertFalse(lag.admits(replica(R1, 899, 0)));
  }

  @Test
  void shouldRequireBothBoundsWhenBothAreSet() {
    MaxReplicaLag lag = MaxReplicaLag.of(Duration.ofMillis(100), 100);
    assertTrue(lag.admits(replica(R1, 950, 50)));
    assertFalse(lag.admits(replica(R1, 950, 500)));
    assertFalse(lag.admits(replica(R1, 500, 50)));
  }

  @Test
  void shouldNotAdmitReplicaWhoseLagIsUnknownForABoundThatIsSet() {
    assertFalse(MaxReplicaLag.ofTime(Duration.ofSeconds(10)).admits(unknownLag(R1)));
    assertFalse(MaxReplicaLag.ofBytes(1 << 20).admits(unknownLag(R1)));
    assertTrue(MaxReplicaLag.ofBytes(100).admits(
        unknownLag(R1).withLag(OptionalLong.of(10), OptionalLong.empty())),
        "only the bound that is set needs a measurement");
  }

  @Test
  void shouldRejectNegativeBounds() {
    assertThrows(IllegalArgumentException.class,
        () -> MaxReplicaLag.ofTime(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> MaxReplicaLag.ofBytes(-1));
  }
}
