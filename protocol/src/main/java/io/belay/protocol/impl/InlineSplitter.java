package io.belay.protocol.impl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments with the quoting rules of redis-server's
 * {@code sdssplitargs}: double quotes understand {@code \n \r \t \b \a \\ \" \xHH}, single
 * quotes only {@code \'}, and a closing quote must be followed by a space or the end.
 */
public final class InlineSplitter {

  private static final byte[][] NONE = new byte[0][];

  private InlineSplitter() {
  }

  /** The arguments of {@code line[from, to)}, or {@code null} when its quotes are unbalanced. */
  public static byte[][] split(byte[] line, int from, int to) {
    List<byte[]> out = null;
    int i = from;
    while (true) {
      while (i < to && isSpace(line[i])) {
        i++;
      }
      if (i >= to) {
        return out == null ? NONE : out.toArray(NONE);
      }
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        if (inDouble) {
          if (i >= to) {
            return null;
          }
          byte c = line[i];
          if (c == '\\' && i + 3 < to && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
            current.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
            i += 3;
          } else if (c == '\\' && i + 1 < to) {
            i++;
            current.write(unescape(line[i]));
          } else if (c == '"') {
            if (i + 1 < to && !isSpace(line[i + 1])) {
              return null;
            }
            done = true;
          } else {
            current.write(c);
          }
        } else if (inSingle) {
          if (i >= to) {
            return null;
          }
          byte c = line[i];
          if (c == '\\' && i + 1 < to && line[i + 1] == '\'') {
            i++;
            current.write('\'');
          } else if (c == '\'') {
            if (i + 1 < to && !isSpace(line[i + 1])) {
              return null;
            }
            done = true;
          } else {
            current.write(c);
          }
        } else {
          if (i >= to) {
            done = true;
            continue;
          }
          byte c = line[i];
          switch (c) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"' -> inDouble = true;
            case '\'' -> inSingle = true;
            default -> current.write(c);
          }
        }
        if (i < to) {
          i++;
        }
      }
      if (out == null) {
        out = new ArrayList<>(4);
      }
      out.add(current.toByteArray());
    }
  }

  private static byte unescape(byte c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> c;
    };
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f';
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hex(byte c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }
}
