package io.belay.backends.persistence.impl;

import io.belay.backends.engine.Keyspace;
import io.belay.backends.persistence.RdbWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Synchronous RDB writing, for SAVE and for saving at shutdown: the caller waits, by design. */
public final class RdbFiles {

  private RdbFiles() {
  }

  /** Writes the whole keyspace to {@code temp}, fsyncs it and renames it to {@code target}; returns the key count. */
  public static long save(Keyspace keyspace, Map<String, String> aux, boolean compress, Path temp, Path target)
      throws IOException {
    long keys;
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      keys = write(keyspace, aux, compress, chunk -> {
        try {
          FileSink.writeFully(channel, chunk);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      channel.force(true);
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(temp);
      throw e.getCause();
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FileSink.syncDirectory(target.toAbsolutePath().getParent());
    return keys;
  }

  /** Serializes the keyspace as it is now, in one go, into {@code chunks}. */
  public static long write(Keyspace keyspace, Map<String, String> aux, boolean compress,
      java.util.function.Consumer<byte[]> chunks) {
    RdbWriter w = new RdbWriter(chunks, RdbWriter.DEFAULT_CHUNK, compress);
    w.header(aux);
    for (int i = 0; i < keyspace.databaseCount(); i++) {
      var db = keyspace.db(i);
      if (db.size() == 0) {
        continue;
      }
      w.selectDb(i, db.size(), db.volatileSize());
      int index = i;
      db.keys().forEach((key, o) -> w.key(index, key, o));
    }
    w.end();
    return w.keys();
  }
}
