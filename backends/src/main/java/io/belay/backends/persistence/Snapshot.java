package io.belay.backends.persistence;

import io.vertx.core.Future;

/** A snapshot being produced by a {@link Snapshotter}. */
public interface Snapshot {

  /** What a finished snapshot wrote. */
  record Result(long keys, long bytes, long millis) {
  }

  /** Completes when the whole RDB is in the sink and the sink has ended; fails if it was cancelled or the sink failed. */
  Future<Result> result();

  /** Abandons the snapshot: the guard goes, the sink is aborted, {@link #result()} fails. */
  void cancel();

  long keysWritten();

  long bytesWritten();

  /** Keys written ahead of the scan because a command was about to change them. */
  long keysCopiedOnWrite();
}
