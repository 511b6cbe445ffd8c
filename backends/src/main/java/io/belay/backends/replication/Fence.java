package io.belay.backends.replication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/**
 * The storage side of Belay's fencing (DESIGN.md, decision 2): the epoch at which this
 * backend was last promoted or demoted, kept on disk so it survives a restart. A control
 * command carrying a lower epoch comes from a leader that has been superseded and is refused.
 */
public final class Fence {

  private final Path file;
  private long epoch;

  /** A fence persisted in {@code dir/belay-epoch}; {@code dir} null keeps it in memory only. */
  public Fence(Path dir) {
    this.file = dir == null ? null : dir.resolve("belay-epoch");
    if (file != null && Files.exists(file)) {
      try {
        epoch = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
      } catch (IOException | NumberFormatException e) {
        throw new IllegalStateException(file + ": cannot read the fencing epoch: " + e.getMessage(), e);
      }
    }
  }

  public long epoch() {
    return epoch;
  }

  /** Null if {@code requested} may act (not older than ours), else the refusal. */
  String refusal(long requested) {
    if (requested < epoch) {
      return "FENCED epoch " + requested + " is older than this backend's epoch " + epoch;
    }
    return null;
  }

  /** Records {@code newEpoch} durably before the role change it guards is made. */
  void advance(long newEpoch) throws IOException {
    if (newEpoch <= epoch) {
      return;
    }
    if (file != null) {
      Path tmp = file.resolveSibling("belay-epoch.tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap((newEpoch + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    epoch = newEpoch;
  }
}
