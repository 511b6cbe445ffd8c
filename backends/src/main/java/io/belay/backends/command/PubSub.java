package io.belay.backends.command;

import io.belay.protocol.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channels and patterns with their subscribers. Names are kept as ISO-8859-1 strings, a
 * lossless view of their bytes. A published message is written to each subscriber's reply
 * buffer as a push and flushed at once.
 */
public final class PubSub {

  private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);

  private final Engine engine;
  private final Map<String, Set<Client>> channels = new HashMap<>();
  private final Map<String, Set<Client>> patterns = new HashMap<>();

  PubSub(Engine engine) {
    this.engine = engine;
  }

  public static String name(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  public static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.ISO_8859_1);
  }

  boolean subscribe(Client c, String channel) {
    if (!c.channels.add(channel)) {
      return false;
    }
    channels.computeIfAbsent(channel, x -> new LinkedHashSet<>()).add(c);
    return true;
  }

  boolean unsubscribe(Client c, String channel) {
    if (!c.channels.remove(channel)) {
      return false;
    }
    Set<Client> subs = channels.get(channel);
    subs.remove(c);
    if (subs.isEmpty()) {
      channels.remove(channel);
    }
    return true;
  }

  boolean psubscribe(Client c, String pattern) {
    if (!c.patterns.add(pattern)) {
      return false;
    }
    patterns.computeIfAbsent(pattern, x -> new LinkedHashSet<>()).add(c);
    return true;
  }

  boolean punsubscribe(Client c, String pattern) {
    if (!c.patterns.remove(pattern)) {
      return false;
    }
    Set<Client> subs = patterns.get(pattern);
    subs.remove(c);
    if (subs.isEmpty()) {
      patterns.remove(pattern);
    }
    return true;
  }

  void unsubscribeAll(Client c) {
    for (String ch : new ArrayList<>(c.channels)) {
      unsubscribe(c, ch);
    }
    for (String p : new ArrayList<>(c.patterns)) {
      punsubscribe(c, p);
    }
  }

  /** Delivers to channel and pattern subscribers; returns how many received it. */
  public int publish(byte[] channel, byte[] message) {
    int receivers = 0;
    String name = name(channel);
    Set<Client> subs = channels.get(name);
    if (subs != null) {
      for (Client c : subs) {
        c.out.pushHeader(3).bulk(MESSAGE).bulk(channel).bulk(message);
        deliver(c);
        receivers++;
      }
    }
    if (!patterns.isEmpty()) {
      for (Map.Entry<String, Set<Client>> e : patterns.entrySet()) {
        byte[] pattern = bytes(e.getKey());
        if (Glob.matches(pattern, channel, false)) {
          for (Client c : e.getValue()) {
            c.out.pushHeader(4).bulk(PMESSAGE).bulk(pattern).bulk(channel).bulk(message);
            deliver(c);
            receivers++;
          }
        }
      }
    }
    return receivers;
  }

  /**
   * Flushes a message to a subscriber, dropping the subscriber when it does not read and its
   * pending output passes the pubsub class of client-output-buffer-limit (32 MB by default).
   */
  private void deliver(Client c) {
    c.transport().flush(c);
    long[] limit = engine.settings().outputBufferLimit("pubsub");
    long pending = c.transport().pendingWriteBytes();
    if (limit[0] > 0 && pending > limit[0]) {
      c.transport().close(c);
    }
  }

  public List<String> channels(byte[] pattern) {
    List<String> out = new ArrayList<>();
    for (String ch : channels.keySet()) {
      if (pattern == null || Glob.matches(pattern, bytes(ch), false)) {
        out.add(ch);
      }
    }
    return out;
  }

  public int subscribers(String channel) {
    Set<Client> subs = channels.get(channel);
    return subs == null ? 0 : subs.size();
  }

  public int patternCount() {
    return patterns.size();
  }

  public int channelCount() {
    return channels.size();
  }

  Engine engine() {
    return engine;
  }
}
