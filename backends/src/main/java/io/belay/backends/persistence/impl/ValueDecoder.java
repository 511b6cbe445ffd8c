package io.belay.backends.persistence.impl;

import io.belay.backends.engine.RHash;
import io.belay.backends.engine.RList;
import io.belay.backends.engine.RSet;
import io.belay.backends.engine.RZSet;
import io.belay.backends.persistence.RdbFormatException;
import java.io.IOException;
import java.util.List;

/**
 * Reads one RDB value of any type and encoding redis-server 2.x to 7.2 writes (streams and
 * module types excepted: the engine has no such values) into the engine's collections.
 */
public final class ValueDecoder {

  private ValueDecoder() {
  }

  /** The value of {@code type}: a {@code byte[]} or a collection; null for an empty collection. */
  public static Object read(int type, RdbInput in) throws IOException {
    switch (type) {
      case Rdb.TYPE_STRING:
        return in.readString();
      case Rdb.TYPE_LIST: {
        long n = in.readLength();
        RList list = Contents.newList();
        for (long i = 0; i < n; i++) {
          Contents.append(list, in.readString());
        }
        return list.size() == 0 ? null : list;
      }
      case Rdb.TYPE_SET: {
        long n = in.readLength();
        RSet set = Contents.newSet();
        for (long i = 0; i < n; i++) {
          Contents.add(set, in.readString());
        }
        return set.size() == 0 ? null : set;
      }
      case Rdb.TYPE_ZSET:
      case Rdb.TYPE_ZSET_2: {
        long n = in.readLength();
        RZSet zset = Contents.newZSet();
        for (long i = 0; i < n; i++) {
          byte[] member = in.readString();
          double score = type == Rdb.TYPE_ZSET_2 ? in.readDoubleLE() : in.readTextDouble();
          if (Double.isNaN(score)) {
            throw in.error("sorted set score is NaN");
          }
          Contents.put(zset, member, score);
        }
        return zset.size() == 0 ? null : zset;
      }
      case Rdb.TYPE_HASH: {
        long n = in.readLength();
        RHash hash = Contents.newHash();
        for (long i = 0; i < n; i++) {
          Contents.put(hash, in.readString(), in.readString());
        }
        return hash.size() == 0 ? null : hash;
      }
      case Rdb.TYPE_LIST_QUICKLIST:
      case Rdb.TYPE_LIST_QUICKLIST_2:
        return quicklist(type, in);
      case Rdb.TYPE_LIST_ZIPLIST:
        return list(packed(in, type));
      case Rdb.TYPE_SET_INTSET:
      case Rdb.TYPE_SET_LISTPACK:
        return set(packed(in, type));
      case Rdb.TYPE_ZSET_ZIPLIST:
      case Rdb.TYPE_ZSET_LISTPACK:
        return zset(packed(in, type), in);
      case Rdb.TYPE_HASH_ZIPLIST:
      case Rdb.TYPE_HASH_LISTPACK:
      case Rdb.TYPE_HASH_ZIPMAP:
        return hash(packed(in, type), in);
      case Rdb.TYPE_STREAM_LISTPACKS:
      case Rdb.TYPE_STREAM_LISTPACKS_2:
      case Rdb.TYPE_STREAM_LISTPACKS_3:
        throw in.error("stream keys are not supported by Belay backends");
      case Rdb.TYPE_MODULE:
      case Rdb.TYPE_MODULE_2:
        throw in.error("module values are not supported by Belay backends");
      default:
        throw in.error("unknown value type " + type);
    }
  }

  /** A packed blob (one RDB string) decoded by the encoding {@code type} implies. */
  private static List<byte[]> packed(RdbInput in, int type) throws IOException {
    long at = in.offset();
    byte[] blob = in.readString();
    try {
      return switch (type) {
        case Rdb.TYPE_SET_INTSET -> Packed.intset(blob);
        case Rdb.TYPE_HASH_ZIPMAP -> Packed.zipmap(blob);
        case Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_HASH_ZIPLIST, Rdb.TYPE_LIST_QUICKLIST ->
            Packed.ziplist(blob);
        default -> Packed.listpack(blob);
      };
    } catch (Packed.Malformed e) {
      throw new RdbFormatException("corrupt packed value: " + e.getMessage(), at);
    }
  }

  private static RList quicklist(int type, RdbInput in) throws IOException {
    long nodes = in.readLength();
    RList list = Contents.newList();
    for (long i = 0; i < nodes; i++) {
      if (type == Rdb.TYPE_LIST_QUICKLIST) {
        packed(in, type).forEach(e -> Contents.append(list, e));
        continue;
      }
      long container = in.readLength();
      if (container == Rdb.QUICKLIST_NODE_PLAIN) {
        Contents.append(list, in.readString());
      } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
        packed(in, Rdb.TYPE_LIST_QUICKLIST_2).forEach(e -> Contents.append(list, e));
      } else {
        throw in.error("unknown quicklist node container " + container);
      }
    }
    return list.size() == 0 ? null : list;
  }

  private static RList list(List<byte[]> elements) {
    RList list = Contents.newList();
    elements.forEach(e -> Contents.append(list, e));
    return list.size() == 0 ? null : list;
  }

  private static RSet set(List<byte[]> members) {
    RSet set = Contents.newSet();
    members.forEach(m -> Contents.add(set, m));
    return set.size() == 0 ? null : set;
  }

  private static RZSet zset(List<byte[]> pairs, RdbInput in) throws IOException {
    if (pairs.size() % 2 != 0) {
      throw in.error("packed sorted set with a member without score");
    }
    RZSet zset = Contents.newZSet();
    for (int i = 0; i < pairs.size(); i += 2) {
      byte[] score = pairs.get(i + 1);
      Contents.put(zset, pairs.get(i), Packed.parseScore(score, 0, score.length, in));
    }
    return zset.size() == 0 ? null : zset;
  }

  private static RHash hash(List<byte[]> pairs, RdbInput in) throws IOException {
    if (pairs.size() % 2 != 0) {
      throw in.error("packed hash with a field without value");
    }
    RHash hash = Contents.newHash();
    for (int i = 0; i < pairs.size(); i += 2) {
      Contents.put(hash, pairs.get(i), pairs.get(i + 1));
    }
    return hash.size() == 0 ? null : hash;
  }
}
