package io.belay.it.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which process holds the far end of a loopback TCP connection, from Linux's /proc: every
 * process here connects from 127.0.0.1, so a relay cannot tell a node's connection to a backend
 * from a replica's by address. The socket's inode, found in /proc/net/tcp and tcp6 by its two
 * ports, is matched against the open descriptors of the candidate processes.
 */
final class SocketOwners {

  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private SocketOwners() {
  }

  /**
   * The pid among {@code candidates} that owns the socket connected from local port
   * {@code sourcePort} to port {@code destinationPort}, or -1 when none does (or it is gone).
   */
  static long owner(int sourcePort, int destinationPort, Collection<Long> candidates) {
    return owners(List.of(sourcePort), destinationPort, candidates).getOrDefault(sourcePort, -1L);
  }

  /**
   * For each of {@code sourcePorts} connected to port {@code destinationPort}, the pid among
   * {@code candidates} that holds it, read in one pass over /proc (fast enough for a relay to
   * cut every link of a process at once, as a network would); ports nobody there holds are
   * left out.
   */
  static Map<Integer, Long> owners(Collection<Integer> sourcePorts, int destinationPort, Collection<Long> candidates) {
    Map<String, Integer> portOfInode = new HashMap<>();
    String remoteSuffix = String.format(":%04X", destinationPort);
    Set<String> localSuffixes = new HashSet<>();
    Map<String, Integer> portOfSuffix = new HashMap<>();
    for (int port : sourcePorts) {
      String suffix = String.format(":%04X", port);
      localSuffixes.add(suffix);
      portOfSuffix.put(suffix, port);
    }
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table);
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[2].endsWith(remoteSuffix)) {
          String local = f[1].substring(f[1].lastIndexOf(':'));
          if (localSuffixes.contains(local)) {
            portOfInode.put("socket:[" + f[9] + "]", portOfSuffix.get(local));
          }
        }
      }
    }
    Map<Integer, Long> out = new HashMap<>();
    for (long pid : candidates) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
        for (Path fd : fds) {
          try {
            Integer port = portOfInode.get(Files.readSymbolicLink(fd).toString());
            if (port != null) {
              out.put(port, pid);
            }
          } catch (IOException e) {
            // the descriptor closed while we looked
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }
    return out;
  }
}
