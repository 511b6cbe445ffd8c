package io.belay.election.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free loopback ports, never the same one twice in a JVM. */
public final class Ports {

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private Ports() {
  }

  public static synchronized int free() {
    for (int i = 0; i < 100; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = s.getLocalPort();
        if (HANDED_OUT.add(p)) {
          return p;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port");
  }
}
