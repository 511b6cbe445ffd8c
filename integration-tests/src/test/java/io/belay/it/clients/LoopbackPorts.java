package io.belay.it.clients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports below Linux's ephemeral range (32768 and up): a port the kernel picked
 * for a listener can be handed out again to one of the many outgoing connections these
 * processes open before the listener binds it; ports below that range never are.
 */
final class LoopbackPorts {

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {
  }

  static int next() throws IOException {
    while (true) {
      int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      if (HANDED_OUT.add(candidate)) {
        try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
          return candidate;
        } catch (IOException e) {
          // taken: try another
        }
      }
    }
  }
}
