package io.belay.backends.persistence;

import io.belay.backends.engine.Database;
import io.belay.backends.engine.Keyspace;
import io.belay.backends.engine.RObject;
import io.belay.backends.persistence.impl.Rdb;
import io.belay.backends.persistence.impl.RdbInput;
import io.belay.backends.persistence.impl.ValueDecoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an RDB (versions 1 to 11: whatever redis-server up to 7.2 writes, in every encoding:
 * listpack, ziplist, intset, zipmap, quicklist 1 and 2, LZF, integer strings) into a
 * {@link Keyspace}. Keys already expired are skipped unless the keyspace is a replica's,
 * as Redis does. The checksum is verified when the file carries one.
 *
 * <p>Not thread-safe with respect to the keyspace: run it where the keyspace may be
 * touched (its event loop, or before the server starts).
 */
public final class RdbReader {

  private static final Logger log = LoggerFactory.getLogger(RdbReader.class);

  private final Keyspace keyspace;
  private final long now;

  public RdbReader(Keyspace keyspace) {
    this.keyspace = keyspace;
    this.now = System.currentTimeMillis();
  }

  /** Loads the file at {@code path}. */
  public RdbInfo load(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return load(new RdbInput(in));
    }
  }

  public RdbInfo load(InputStream in) throws IOException {
    return load(new RdbInput(in));
  }

  /** Loads from {@code in} and stops right after the checksum, so more may follow (AOF). */
  public RdbInfo load(RdbInput in) throws IOException {
    int version = header(in);
    Map<String, String> aux = new LinkedHashMap<>();
    int db = 0;
    long expireAt = -1;
    long loaded = 0;
    long expired = 0;
    while (true) {
      int type = in.readByte();
      switch (type) {
        case Rdb.OPCODE_EXPIRETIME_MS -> {
          expireAt = in.readLongLE();
          continue;
        }
        case Rdb.OPCODE_EXPIRETIME -> {
          expireAt = in.readIntLE() * 1000L; // a signed 32-bit time_t, as rdbLoadTime reads it
          continue;
        }
        case Rdb.OPCODE_FREQ -> {
          in.readByte();
          continue;
        }
        case Rdb.OPCODE_IDLE -> {
          in.readLength();
          continue;
        }
        case Rdb.OPCODE_SELECTDB -> {
          long id = in.readLength();
          if (id >= keyspace.databaseCount()) {
            throw in.error("the file uses database " + id + " but this backend has "
                + keyspace.databaseCount() + " databases");
          }
          db = (int) id;
          continue;
        }
        case Rdb.OPCODE_RESIZEDB -> {
          in.readLength();
          in.readLength();
          continue;
        }
        case Rdb.OPCODE_AUX -> {
          aux.put(new String(in.readString(), StandardCharsets.UTF_8), new String(in.readString(), StandardCharsets.UTF_8));
          continue;
        }
        case Rdb.OPCODE_FUNCTION2 -> {
          in.readString();
          log.warn("skipped a function library in the RDB: Belay backends do not run functions");
          continue;
        }
        case Rdb.OPCODE_FUNCTION_PRE_GA, Rdb.OPCODE_MODULE_AUX ->
            throw in.error("module data and pre-release function libraries are not supported");
        case Rdb.OPCODE_EOF -> {
          verifyChecksum(in, version);
          return new RdbInfo(version, aux, loaded, expired);
        }
        default -> {
          long at = in.offset();
          byte[] key = in.readString();
          Object value = ValueDecoder.read(type, in);
          long expiry = expireAt;
          expireAt = -1;
          if (value == null) {
            continue; // Redis skips empty collections too
          }
          if (expiry >= 0 && expiry < now && !keyspace.isReplica()) {
            expired++;
            continue;
          }
          Database d = keyspace.db(db);
          if (d.keys().containsKey(key)) {
            throw new RdbFormatException("duplicate key '" + new String(key, StandardCharsets.UTF_8) + "' in database "
                + db, at);
          }
          RObject o = d.add(key, value);
          if (expiry >= 0) {
            d.setExpire(key, o, expiry);
          }
          loaded++;
        }
      }
    }
  }

  private static int header(RdbInput in) throws IOException {
    byte[] magic = new byte[9];
    in.readFully(magic, 0, 9);
    if (!Arrays.equals(Arrays.copyOf(magic, 5), "REDIS".getBytes(StandardCharsets.US_ASCII))) {
      throw new RdbFormatException("not an RDB file (no REDIS signature)", 0);
    }
    int version;
    try {
      version = Integer.parseInt(new String(magic, 5, 4, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new RdbFormatException("not an RDB file (bad version)", 5);
    }
    if (version < 1 || version > Rdb.MAX_READ_VERSION) {
      throw new RdbFormatException("can't handle RDB format version " + version, 5);
    }
    return version;
  }

  private static void verifyChecksum(RdbInput in, int version) throws IOException {
    if (version < 5) {
      return;
    }
    long computed = in.crc();
    long stored = in.readLongLE();
    if (stored != 0 && stored != computed) {
      throw in.error(String.format("wrong RDB checksum: file has %016x, content gives %016x", stored, computed));
    }
  }

  /** The aux fields of the RDB at {@code path}, reading no further than they go. */
  public static Map<String, String> readAux(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return readAux(in);
    }
  }

  /**
   * Whether the RDB holds any key, read no further than its first database. An RDB of an empty
   * keyspace has its header, aux fields (and maybe functions), then EOF; anything else, unknown
   * opcodes included, counts as holding keys.
   */
  public static boolean holdsKeys(InputStream stream) throws IOException {
    RdbInput in = new RdbInput(stream);
    header(in);
    while (true) {
      int op = in.readByte();
      if (op == Rdb.OPCODE_AUX) {
        in.readString();
        in.readString();
      } else if (op == Rdb.OPCODE_FUNCTION2) {
        in.readString();
      } else {
        return op != Rdb.OPCODE_EOF;
      }
    }
  }

  public static Map<String, String> readAux(InputStream stream) throws IOException {
    RdbInput in = new RdbInput(stream);
    header(in);
    Map<String, String> aux = new LinkedHashMap<>();
    while (in.readByte() == Rdb.OPCODE_AUX) {
      aux.put(new String(in.readString(), StandardCharsets.UTF_8), new String(in.readString(), StandardCharsets.UTF_8));
    }
    return aux;
  }
}
