package io.belay.backends.persistence;

import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RObject;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import io.belay.backends.persistence.impl.Contents;
import io.belay.backends.persistence.impl.Rdb;
import io.belay.backends.persistence.impl.RdbOutput;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Serializes a keyspace key by key into RDB version 10, as redis-server 7.0 writes it, and
 * hands the bytes on in chunks. Types: strings (integer-encoded and LZF-compressed as Redis
 * does), lists as plain {@code RDB_TYPE_LIST}, sets, sorted sets as {@code ZSET_2} (binary
 * doubles) and hashes; every one of them loads into redis-server 7.0 and later.
 *
 * <p>Keys may come in any database order: a key of another database than the last one
 * written gets its own SELECTDB, which loaders accept anywhere in the file.
 */
public final class RdbWriter {

  /** Chunks of this size are what a snapshot hands to its sink. */
  public static final int DEFAULT_CHUNK = 64 * 1024;

  private final RdbOutput out;
  private int currentDb = -1;
  private long keys;
  private boolean ended;

  public RdbWriter(Consumer<byte[]> chunks) {
    this(chunks, DEFAULT_CHUNK, true);
  }

  /** @param compress LZF-compress strings longer than 20 bytes, as {@code rdbcompression yes} */
  public RdbWriter(Consumer<byte[]> chunks, int chunkSize, boolean compress) {
    this.out = new RdbOutput(chunks, chunkSize, compress);
  }

  /** The magic, the version and the aux fields, in the order given. */
  public void header(Map<String, String> aux) {
    out.write(String.format("REDIS%04d", Rdb.VERSION).getBytes(StandardCharsets.US_ASCII));
    for (Map.Entry<String, String> e : aux.entrySet()) {
      out.writeByte(Rdb.OPCODE_AUX);
      out.writeString(e.getKey());
      out.writeString(e.getValue());
    }
  }

  /** Starts a database's keys, with its sizes as the loader's hint (RESIZEDB). */
  public void selectDb(int db, long size, long expires) {
    out.writeByte(Rdb.OPCODE_SELECTDB);
    out.writeLength(db);
    out.writeByte(Rdb.OPCODE_RESIZEDB);
    out.writeLength(size);
    out.writeLength(expires);
    currentDb = db;
  }

  /** Writes one key with its expiry and its value as it is now. */
  public void key(int db, byte[] key, RObject o) {
    if (db != currentDb) {
      out.writeByte(Rdb.OPCODE_SELECTDB);
      out.writeLength(db);
      currentDb = db;
    }
    if (o.hasExpire()) {
      out.writeByte(Rdb.OPCODE_EXPIRETIME_MS);
      out.writeLongLE(o.expireAt());
    }
    Object v = o.value();
    if (v instanceof byte[] s) {
      out.writeByte(Rdb.TYPE_STRING);
      out.writeString(key);
      out.writeString(s);
    } else if (v instanceof RList list) {
      out.writeByte(Rdb.TYPE_LIST);
      out.writeString(key);
      out.writeLength(list.size());
      Contents.forEachElement(list, this::element);
    } else if (v instanceof RSet set) {
      out.writeByte(Rdb.TYPE_SET);
      out.writeString(key);
      out.writeLength(set.size());
      Contents.forEachMember(set, this::element);
    } else if (v instanceof RZSet zset) {
      out.writeByte(Rdb.TYPE_ZSET_2);
      out.writeString(key);
      out.writeLength(zset.size());
      Contents.forEachScored(zset, (member, score) -> {
        out.writeString(member);
        out.writeDoubleLE(score);
        out.maybeFlush();
      });
    } else if (v instanceof RHash hash) {
      out.writeByte(Rdb.TYPE_HASH);
      out.writeString(key);
      out.writeLength(hash.size());
      Contents.forEachField(hash, (field, value) -> {
        out.writeString(field);
        out.writeString(value);
        out.maybeFlush();
      });
    } else {
      throw new IllegalStateException("cannot serialize a " + v.getClass().getSimpleName());
    }
    keys++;
    out.maybeFlush();
  }

  private void element(byte[] e) {
    out.writeString(e);
    out.maybeFlush();
  }

  /** EOF and the CRC-64 of everything before it; hands on the last chunk. */
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    out.writeByte(Rdb.OPCODE_EOF);
    out.flush();
    out.writeLongLE(out.crc());
    out.flush();
  }

  /** Bytes produced so far. */
  public long length() {
    return out.length();
  }

  /** Keys written so far. */
  public long keys() {
    return keys;
  }
}
