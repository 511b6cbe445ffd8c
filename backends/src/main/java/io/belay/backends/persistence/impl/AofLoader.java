package io.belay.backends.persistence.impl;

import io.belay.backends.command.Client;
import io.belay.backends.command.ClientTransport;
import io.belay.backends.command.Engine;
import io.belay.backends.persistence.RdbFormatException;
import io.belay.backends.persistence.RdbInfo;
import io.belay.backends.persistence.RdbReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an append-only file through the engine, as a client that is never refused
 * (redis-server's AOF fake client): an optional RDB preamble, then RESP commands.
 *
 * <p>A file that ends halfway through a command, or inside a MULTI without its EXEC, was
 * cut short by a crash: with {@code aof-load-truncated yes} the incomplete tail is dropped
 * with a warning and the file truncated to its last complete command, as Redis does;
 * otherwise loading fails naming the file and the offset. Anything else malformed fails.
 */
public final class AofLoader {

  private static final Logger log = LoggerFactory.getLogger(AofLoader.class);

  /** What a replay did. */
  public record Result(long commands, long validLength, boolean truncated, RdbInfo preamble) {
  }

  private static final class Truncated extends Exception {
    Truncated() {
      super(null, null, false, false);
    }
  }

  private AofLoader() {
  }

  public static Result load(Path file, Engine engine, boolean loadTruncated) throws IOException {
    long size = Files.size(file);
    Client client = engine.connect(new ClientTransport() {
      @Override
      public void flush(Client c) {
        c.out.reset();
      }

      @Override
      public void close(Client c) {
      }

      @Override
      public void setReading(Client c, boolean reading) {
      }

      @Override
      public long pendingWriteBytes() {
        return 0;
      }

      @Override
      public String remoteAddress() {
        return "aof:0";
      }

      @Override
      public String localAddress() {
        return "aof:0";
      }
    });
    client.setMaster(true);
    client.setAuthenticated(true);
    try (InputStream stream = Files.newInputStream(file)) {
      RdbInput in = new RdbInput(stream);
      RdbInfo preamble = null;
      if (startsWithRdb(file)) {
        preamble = new RdbReader(engine.keyspace()).load(in);
      }
      long commands = 0;
      long valid = in.offset();
      long multiStart = -1;
      while (true) {
        long start = in.offset();
        byte[][] args;
        try {
          args = readCommand(in);
        } catch (Truncated | EOFException e) {
          long cut = multiStart >= 0 ? multiStart : valid;
          return truncated(file, cut, size, loadTruncated, commands, preamble);
        }
        if (args == null) {
          if (multiStart >= 0) {
            return truncated(file, multiStart, size, loadTruncated, commands, preamble);
          }
          return new Result(commands, valid, false, preamble);
        }
        if (engine.registry().lookup(args[0]) == null) {
          throw new RdbFormatException("unknown command '" + new String(args[0], StandardCharsets.UTF_8)
              + "' reading the append only file " + file, start);
        }
        boolean multi = Arrays.equals(lower(args[0]), "multi".getBytes(StandardCharsets.US_ASCII));
        boolean exec = Arrays.equals(lower(args[0]), "exec".getBytes(StandardCharsets.US_ASCII));
        if (multi) {
          multiStart = start;
        }
        engine.execute(client, args);
        client.out.reset();
        commands++;
        if (exec) {
          multiStart = -1;
        }
        valid = in.offset();
      }
    } finally {
      engine.disconnect(client);
    }
  }

  private static Result truncated(Path file, long cut, long size, boolean loadTruncated, long commands, RdbInfo preamble)
      throws IOException {
    if (!loadTruncated) {
      throw new RdbFormatException("unexpected end of file reading the append only file " + file
          + ": its last command is incomplete. Make a backup of the file, then either cut it at byte " + cut
          + " (redis-check-aof --fix does this) or set aof-load-truncated yes to have it cut at start", cut);
    }
    log.warn("!!! Warning: short read while loading the append only file {} !!! Truncating it at byte offset {}"
        + " (dropping {} bytes of an incomplete last command)", file, cut, size - cut);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(cut);
      ch.force(true);
    }
    return new Result(commands, cut, true, preamble);
  }

  private static boolean startsWithRdb(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(5);
      return Arrays.equals(head, "REDIS".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** One {@code *N $len data ...} command; null at a clean end of file. */
  private static byte[][] readCommand(RdbInput in) throws IOException, Truncated {
    long start = in.offset();
    int b = in.readOrEof();
    if (b < 0) {
      return null;
    }
    if (b != '*') {
      throw new RdbFormatException("bad file format reading the append only file: expected '*', found byte " + b,
          start);
    }
    long argc = readNumber(in);
    if (argc < 1 || argc > 1024 * 1024) {
      throw new RdbFormatException("bad file format reading the append only file: invalid argument count " + argc,
          start);
    }
    byte[][] args = new byte[(int) argc][];
    for (int i = 0; i < argc; i++) {
      long at = in.offset();
      int d = in.readOrEof();
      if (d < 0) {
        throw new Truncated();
      }
      if (d != '$') {
        throw new RdbFormatException("bad file format reading the append only file: expected '$'", at);
      }
      long len = readNumber(in);
      if (len < 0 || len > Integer.MAX_VALUE - 16) {
        throw new RdbFormatException("bad file format reading the append only file: invalid length " + len, at);
      }
      args[i] = in.readBytes(len);
      if (in.readByte() != '\r' || in.readByte() != '\n') {
        throw new RdbFormatException("bad file format reading the append only file: missing CRLF", in.offset());
      }
    }
    return args;
  }

  private static long readNumber(RdbInput in) throws IOException, Truncated {
    long v = 0;
    int digits = 0;
    while (true) {
      int c = in.readOrEof();
      if (c < 0) {
        throw new Truncated();
      }
      if (c == '\r') {
        int lf = in.readOrEof();
        if (lf < 0) {
          throw new Truncated();
        }
        if (lf != '\n' || digits == 0) {
          throw new RdbFormatException("bad file format reading the append only file: malformed number", in.offset());
        }
        return v;
      }
      if (c < '0' || c > '9' || digits > 18) {
        throw new RdbFormatException("bad file format reading the append only file: malformed number", in.offset());
      }
      v = v * 10 + (c - '0');
      digits++;
    }
  }

  private static byte[] lower(byte[] b) {
    byte[] out = b.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 'A' && out[i] <= 'Z') {
        out[i] += 32;
      }
    }
    return out;
  }
}
