package io.belay.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Read-your-writes for one session: remembers the session's last write and tells whether a
 * replica has caught up with it. One per session; safe to call from any thread.
 *
 * <p>Two ways to know a replica caught up:
 * <ul>
 *   <li>By offset, when the write's replication offset is known: the replica has processed at
 *       least that offset. The proxy learns the offset from an embedded master directly, or from
 *       a stock Redis master by reading {@code master_repl_offset} after the write's reply: that
 *       value can only be larger than the write's own offset, so it errs on the safe side.
 *   <li>By time, when it is not (or the replica's offset is unknown, or the epoch changed since
 *       the write, after which offsets of the old master say nothing): once {@code window} has
 *       passed since the write, any replica admitted by the read policy is taken as fresh.
 * </ul>
 * Until a replica qualifies, the read policy sends the session's reads to the master.
 */
public final class ReadYourWrites implements Freshness {

  private static final long UNKNOWN = -1;

  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final AtomicReference<LastWrite> last = new AtomicReference<>();

  /** The session's last write: epoch it was routed in, offset (or UNKNOWN), time of the reply. */
  private record LastWrite(long epoch, long offset, long atNanos) {
  }

  /**
   * @param window    how long after a write whose offset is unknown reads stay on the master
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public ReadYourWrites(Duration window, LongSupplier nanoClock) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative: " + window);
    }
    this.windowNanos = window.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** A tracker on {@link System#nanoTime()}. */
  public static ReadYourWrites withSystemClock(Duration window) {
    return new ReadYourWrites(window, System::nanoTime);
  }

  /**
   * Records a write whose reply arrived, with the master's replication offset after it.
   * Offsets of one epoch only grow, so an older offset reported late does not lower the mark.
   */
  public void recordWrite(long epoch, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    record(epoch, offset);
  }

  /** Records a write whose replication offset is not known (a stock Redis master). */
  public void recordWriteWithoutOffset(long epoch) {
    record(epoch, UNKNOWN);
  }

  private void record(long epoch, long offset) {
    long now = nanoClock.getAsLong();
    last.updateAndGet(previous -> {
      if (previous == null || previous.epoch() != epoch) {
        return new LastWrite(epoch, offset, now);
      }
      if (offset == UNKNOWN || previous.offset() == UNKNOWN) {
        return new LastWrite(epoch, UNKNOWN, now);
      }
      return new LastWrite(epoch, Math.max(offset, previous.offset()), now);
    });
  }

  /** True once the session wrote something; before that every replica is fresh. */
  public boolean hasWritten() {
    return last.get() != null;
  }

  /** The offset every replica must reach, when the last write's offset is known. */
  public OptionalLong requiredOffset() {
    LastWrite write = last.get();
    return write == null || write.offset() == UNKNOWN
        ? OptionalLong.empty() : OptionalLong.of(write.offset());
  }

  @Override
  public boolean admits(long epoch, BackendView replica) {
    return isFresh(epoch, replica.offset());
  }

  /** Whether a replica of a table of {@code epoch}, at {@code replicaOffset}, is fresh enough. */
  public boolean isFresh(long epoch, long replicaOffset) {
    return isFresh(epoch, OptionalLong.of(replicaOffset));
  }

  private boolean isFresh(long epoch, OptionalLong replicaOffset) {
    LastWrite write = last.get();
    if (write == null) {
      return true;
    }
    if (write.offset() != UNKNOWN && write.epoch() == epoch && replicaOffset.isPresent()) {
      return replicaOffset.getAsLong() >= write.offset();
    }
    return nanoClock.getAsLong() - write.atNanos() >= windowNanos;
  }
}
