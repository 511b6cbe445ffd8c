package io.belay.it.replication;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A replica reduced to its socket: sends SYNC or PSYNC itself and reads what a master sends
 * back byte for byte (the reply line, the RDB payload, then the command stream), so a test
 * can check the protocol rather than what a replica makes of it. Never acknowledges.
 */
final class StreamTap implements Closeable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  /** Bare newlines a master sent before a reply line to keep a waiting replica's link alive. */
  private int newlines;

  private StreamTap(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    this.out = socket.getOutputStream();
  }

  static StreamTap connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(60_000);
    return new StreamTap(s);
  }

  /** Sends one command as a RESP array. */
  void send(String... args) throws IOException {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  int newlinesSkipped() {
    return newlines;
  }

  /** The next CRLF-terminated line, after any bare newlines. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b = in.read();
    while (b == '\n') {
      newlines++;
      b = in.read();
    }
    while (true) {
      if (b < 0) {
        throw new EOFException("connection closed after " + line.size() + " bytes of a line");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("CR without LF after " + line);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      b = in.read();
    }
  }

  /** The RDB payload, in either framing: {@code $<length>} or {@code $EOF:<40-byte mark>} (diskless). */
  byte[] readRdb() throws IOException {
    return readRdb(readLine());
  }

  /** The RDB payload whose header line {@code header} has already been read. */
  byte[] readRdb(String header) throws IOException {
    if (header.startsWith("$EOF:")) {
      byte[] mark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
      ByteArrayOutputStream rdb = new ByteArrayOutputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("connection closed before the RDB's end mark");
        }
        rdb.write(b);
        int n = rdb.size();
        if (n >= mark.length && b == mark[mark.length - 1]) {
          byte[] bytes = rdb.toByteArray();
          if (Arrays.equals(bytes, n - mark.length, n, mark, 0, mark.length)) {
            return Arrays.copyOf(bytes, n - mark.length);
          }
        }
      }
    }
    if (!header.startsWith("$")) {
      throw new IOException("expected an RDB payload, got: " + header);
    }
    byte[] rdb = new byte[Integer.parseInt(header.substring(1))];
    in.readFully(rdb);
    return rdb;
  }

  /** The next command of the stream, arguments as text. */
  List<String> readCommand() throws IOException {
    String header = readLine();
    if (!header.startsWith("*")) {
      throw new IOException("expected a command of the stream, got: " + header);
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String len = readLine();
      if (!len.startsWith("$")) {
        throw new IOException("expected a bulk string, got: " + len);
      }
      byte[] arg = new byte[Integer.parseInt(len.substring(1))];
      in.readFully(arg);
      if (in.read() != '\r' || in.read() != '\n') {
        throw new IOException("bulk string without CRLF");
      }
      args.add(new String(arg, StandardCharsets.UTF_8));
    }
    return args;
  }

  /**
   * Commands of the stream up to and including the first one named {@code last}, leaving
   * out the PINGs and REPLCONF GETACKs a master sends on its own.
   */
  List<List<String>> readCommandsThrough(String last) throws IOException {
    List<List<String>> commands = new ArrayList<>();
    while (true) {
      List<String> c = readCommand();
      String name = c.get(0).toUpperCase(java.util.Locale.ROOT);
      if (name.equals("PING") || name.equals("REPLCONF")) {
        continue;
      }
      commands.add(c);
      if (name.equalsIgnoreCase(last)) {
        return commands;
      }
    }
  }

  /** The offset of a {@code +FULLRESYNC <replid> <offset>} line. */
  static long fullResyncOffset(String line) {
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[0].equals("+FULLRESYNC")) {
      throw new IllegalArgumentException("not a FULLRESYNC reply: " + line);
    }
    return Long.parseLong(parts[2]);
  }

  /**
   * The auxiliary fields at the head of an RDB file (redis-ver, repl-id, repl-offset, ...),
   * values as text whether they were stored as strings or as encoded integers.
   */
  static Map<String, String> auxFields(byte[] rdb) {
    if (rdb.length < 9 || !new String(rdb, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
      throw new IllegalArgumentException("not an RDB file");
    }
    Map<String, String> aux = new LinkedHashMap<>();
    int[] at = {9};
    while (at[0] < rdb.length && (rdb[at[0]] & 0xff) == 0xFA) {
      at[0]++;
      String key = rdbString(rdb, at);
      aux.put(key, rdbString(rdb, at));
    }
    return aux;
  }

  /** An RDB string: a length-prefixed byte string, or an integer in the special encodings. */
  private static String rdbString(byte[] rdb, int[] at) {
    int first = rdb[at[0]++] & 0xff;
    long length;
    switch (first >> 6) {
      case 0 -> length = first & 0x3f;
      case 1 -> length = ((first & 0x3f) << 8) | (rdb[at[0]++] & 0xff);
      case 2 -> {
        int bytes = first == 0x80 ? 4 : 8;
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (rdb[at[0]++] & 0xff);
        }
      }
      default -> {
        int bytes = switch (first & 0x3f) {
          case 0 -> 1;
          case 1 -> 2;
          case 2 -> 4;
          default -> throw new IllegalArgumentException("compressed aux field");
        };
        long v = 0;
        for (int i = 0; i < bytes; i++) {
          v |= (long) (rdb[at[0]++] & 0xff) << (8 * i);
        }
        long signed = (v << (64 - 8 * bytes)) >> (64 - 8 * bytes);
        return Long.toString(signed);
      }
    }
    String s = new String(rdb, at[0], (int) length, StandardCharsets.ISO_8859_1);
    at[0] += (int) length;
    return s;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
