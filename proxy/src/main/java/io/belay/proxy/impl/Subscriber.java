package io.belay.proxy.impl;

import io.belay.protocol.Glob;
import io.belay.protocol.RespValue;
import io.belay.proxy.ProxyMetrics.Route;
import io.belay.routing.BackendRef;
import io.belay.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A session's subscriptions: a master connection of its own, in subscribed mode, whose messages
 * flow to the client as they come (RESP3 pushes stay pushes). Confirmations of a subscription
 * command (one per channel) complete that command's reply slot; messages are appended after
 * whatever reply is due.
 *
 * <p>The proxy remembers every confirmed channel and pattern, so that when the master changes,
 * or the connection is lost, the session is subscribed again on the current master without the
 * client noticing, apart from the messages published in between.
 */
final class Subscriber {

  /** A subscription command waiting for its confirmations. */
  private static final class Expected {
    final Call call;
    final String family;
    /** Confirmations still to come; -1 until known (an UNSUBSCRIBE of everything). */
    int remaining;
    final List<RespValue> replies = new ArrayList<>(1);

    Expected(Call call, String family, int remaining) {
      this.call = call;
      this.family = family;
      this.remaining = remaining;
    }
  }

  private final Session session;
  private final Dispatcher dispatcher;
  private final ClientState client;
  private final LoopContext loop;
  /** Confirmed subscriptions by family (subscribe, psubscribe, ssubscribe); names as Latin-1. */
  private final Map<String, Set<String>> subscriptions = new LinkedHashMap<>();
  private final ArrayDeque<Expected> expected = new ArrayDeque<>();
  private BackendConnection connection;

  Subscriber(Session session, Dispatcher dispatcher, ClientState client, LoopContext loop) {
    this.session = session;
    this.dispatcher = dispatcher;
    this.client = client;
    this.loop = loop;
    for (String family : List.of("subscribe", "psubscribe", "ssubscribe")) {
      subscriptions.put(family, new LinkedHashSet<>());
    }
  }

  /** In subscribed mode: subscribed to something, or a subscription command on its way. */
  boolean active() {
    if (!expected.isEmpty()) {
      return true;
    }
    for (Set<String> names : subscriptions.values()) {
      if (!names.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  int count(String family) {
    return subscriptions.get(family).size();
  }

  /** What subscribed mode makes of a command that is not a subscription command. */
  enum Gate {
    /** Not in subscribed mode (or RESP3, where everything is allowed): route it. */
    PASS,
    /** Refused, as Redis refuses it in subscribed mode; already answered. */
    REFUSED,
    /** Subscription commands are still being confirmed: whether it is allowed depends on them. */
    WAIT
  }

  /**
   * A RESP2 client in subscribed mode may only (un)subscribe, PING, QUIT and RESET; Redis
   * refuses the rest. Redis decides with every earlier subscription command done, so the proxy
   * waits for their confirmations before it decides.
   */
  Gate gate(Call call) {
    if (client.protocol != 2 || call.decision instanceof io.belay.routing.RoutingDecision.PubSub) {
      return Gate.PASS;
    }
    if (!expected.isEmpty()) {
      return Gate.WAIT;
    }
    if (!active()) {
      return Gate.PASS;
    }
    dispatcher.answer(call, new RespValue.Error("ERR Can't execute '" + call.name()
        + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this"
        + " context"));
    return Gate.REFUSED;
  }

  boolean dispatch(Call call) {
    String command = call.name();
    boolean unsubscribe = command.contains("unsubscribe");
    String family = unsubscribe ? command.replace("unsubscribe", "subscribe") : command;
    if (unsubscribe && !active()) {
      // Nothing to leave: Redis answers at once, no need for a connection.
      dispatcher.answerAll(call, notSubscribedReplies(call, command));
      return true;
    }
    BackendRef master = dispatcher.master();
    if (master == null) {
      return dispatcher.hold(call);
    }
    if (!connect(master)) {
      return dispatcher.unavailable(call, master);
    }
    int channels = call.args.length - 1;
    expected.add(new Expected(call, family, unsubscribe && channels == 0 ? -1 : channels));
    call.protocol = client.protocol;
    call.route = Route.MASTER;
    connection.sendUnmatched(call.args);
    return true;
  }

  private static List<RespValue> notSubscribedReplies(Call call, String command) {
    List<RespValue> replies = new ArrayList<>();
    RespValue kind = RespValue.bulk(command);
    if (call.args.length == 1) {
      replies.add(new RespValue.Array('>', List.of(kind, new RespValue.Null('$'),
          new RespValue.Integer(0))));
    }
    for (int i = 1; i < call.args.length; i++) {
      replies.add(new RespValue.Array('>', List.of(kind, new RespValue.BulkString(call.args[i]),
          new RespValue.Integer(0))));
    }
    return replies;
  }

  private boolean connect(BackendRef master) {
    if (connection != null && connection.isOpen()) {
      if (connection.backend().equals(master)) {
        return true;
      }
      abandon();
    }
    BackendConnection opened = loop.pool().dedicated(master, client.protocol);
    if (opened == null) {
      return false;
    }
    connection = opened;
    opened.pushHandler(this::onValue);
    opened.owner(this::lost);
    return true;
  }

  /**
   * A message the proxy itself publishes (a Sentinel event), delivered as a backend's would be:
   * once for a subscription to the channel, once for each subscribed pattern that matches it.
   */
  void deliverEvent(String channel, String message) {
    RespValue ch = RespValue.bulk(channel);
    RespValue msg = RespValue.bulk(message);
    if (subscriptions.get("subscribe").contains(channel)) {
      session.push(new RespValue.Array('>', List.of(RespValue.bulk("message"), ch, msg)));
    }
    for (String pattern : subscriptions.get("psubscribe")) {
      if (Glob.matches(pattern, channel)) {
        session.push(new RespValue.Array('>', List.of(RespValue.bulk("pmessage"),
            new RespValue.BulkString(pattern.getBytes(StandardCharsets.ISO_8859_1)), ch, msg)));
      }
    }
  }

  private void onValue(RespValue value) {
    List<RespValue> elements = Resp.elements(value);
    String kind = elements == null || elements.isEmpty() ? null : Resp.text(elements.get(0));
    kind = kind == null ? null : kind.toLowerCase(Locale.ROOT);
    if (kind != null && elements.size() == 3 && kind.endsWith("subscribe")) {
      confirmation(kind, elements, value);
    } else if (Resp.isError(value) && !expected.isEmpty()) {
      Expected head = expected.poll();
      if (head.call != null) {
        dispatcher.complete(head.call, value);
      }
    } else {
      session.push(value);
    }
    if (!active()) {
      close();
    }
    dispatcher.drain();
  }

  private void confirmation(String kind, List<RespValue> elements, RespValue value) {
    boolean unsubscribe = kind.contains("unsubscribe");
    String family = unsubscribe ? kind.replace("unsubscribe", "subscribe") : kind;
    Set<String> names = subscriptions.get(family);
    Expected head = expected.peek();
    if (head != null && head.remaining < 0) {
      head.remaining = Math.max(1, names.size());
    }
    byte[] channel = Resp.raw(elements.get(1));
    if (channel != null && names != null) {
      String name = new String(channel, StandardCharsets.ISO_8859_1);
      if (unsubscribe) {
        names.remove(name);
      } else {
        names.add(name);
      }
    }
    if (head == null) {
      session.push(value);
      return;
    }
    head.replies.add(value);
    if (--head.remaining <= 0) {
      expected.poll();
      if (head.call != null) {
        dispatcher.completeAll(head.call, head.replies);
      }
    }
  }

  private void lost(BackendConnection lostConnection) {
    if (lostConnection != connection) {
      return;
    }
    connection = null;
    failExpected("ERR backend " + lostConnection.backend().address() + " connection lost");
    if (active()) {
      loop.resubscribeLater(session);
    }
    dispatcher.drain();
  }

  private void failExpected(String message) {
    Expected head;
    while ((head = expected.poll()) != null) {
      if (head.call != null) {
        dispatcher.complete(head.call, new RespValue.Error(message));
      }
    }
  }

  /**
   * Subscribes again, on the current master, to everything the client is subscribed to. Called
   * after a lost connection and when the master changed; true when done or nothing to do.
   */
  boolean resubscribe(RoutingTable table) {
    if (!active()) {
      return true;
    }
    if (connection != null && connection.isOpen()
        && (table == null || !table.hasMaster() || connection.backend().equals(table.master()))) {
      return true;
    }
    if (table == null || !table.hasMaster() || !connect(table.master())) {
      return false;
    }
    for (Map.Entry<String, Set<String>> entry : subscriptions.entrySet()) {
      Set<String> names = entry.getValue();
      if (names.isEmpty()) {
        continue;
      }
      byte[][] args = new byte[names.size() + 1][];
      args[0] = Resp.bytes(entry.getKey().toUpperCase(Locale.ROOT));
      int i = 1;
      for (String name : names) {
        args[i++] = name.getBytes(StandardCharsets.ISO_8859_1);
      }
      expected.add(new Expected(null, entry.getKey(), names.size()));
      connection.sendUnmatched(args);
    }
    return true;
  }

  /** Leaves the old master's connection; what was waiting on it fails. */
  private void abandon() {
    BackendConnection old = connection;
    connection = null;
    old.owner(null);
    old.close();
    failExpected("ERR the master changed while subscribing; subscribe again");
  }

  private void close() {
    if (connection != null) {
      BackendConnection old = connection;
      connection = null;
      old.owner(null);
      old.close();
    }
  }

  /** RESET or the client leaving: every subscription ends. */
  void shutdown() {
    expected.clear();
    subscriptions.values().forEach(Set::clear);
    close();
  }
}
