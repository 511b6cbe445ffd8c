package io.belay.backends.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE, PSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH and PUBSUB. */
final class PubSubCommands {

  private static final byte[] SUBSCRIBE = "subscribe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UNSUBSCRIBE = "unsubscribe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PSUBSCRIBE = "psubscribe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PUNSUBSCRIBE = "punsubscribe".getBytes(StandardCharsets.US_ASCII);

  private final Engine engine;
  private final PubSub pubsub;

  PubSubCommands(Engine engine) {
    this.engine = engine;
    this.pubsub = engine.pubsub();
  }

  void register(CommandRegistry r) {
    r.add("subscribe", this::subscribe);
    r.add("unsubscribe", this::unsubscribe);
    r.add("psubscribe", this::psubscribe);
    r.add("punsubscribe", this::punsubscribe);
    r.add("publish", this::publish);
    r.add("pubsub", this::pubsub);
  }

  private void subscribe(Client c, byte[][] args) {
    for (int i = 1; i < args.length; i++) {
      pubsub.subscribe(c, PubSub.name(args[i]));
      c.out.pushHeader(3).bulk(SUBSCRIBE).bulk(args[i]).integer(c.subscriptionCount());
    }
  }

  private void psubscribe(Client c, byte[][] args) {
    for (int i = 1; i < args.length; i++) {
      pubsub.psubscribe(c, PubSub.name(args[i]));
      c.out.pushHeader(3).bulk(PSUBSCRIBE).bulk(args[i]).integer(c.subscriptionCount());
    }
  }

  private void unsubscribe(Client c, byte[][] args) {
    List<String> names = new ArrayList<>();
    if (args.length == 1) {
      names.addAll(c.channels);
    } else {
      for (int i = 1; i < args.length; i++) {
        names.add(PubSub.name(args[i]));
      }
    }
    if (names.isEmpty()) {
      c.out.pushHeader(3).bulk(UNSUBSCRIBE).nullBulk().integer(c.subscriptionCount());
      return;
    }
    for (String n : names) {
      pubsub.unsubscribe(c, n);
      c.out.pushHeader(3).bulk(UNSUBSCRIBE).bulk(PubSub.bytes(n)).integer(c.subscriptionCount());
    }
  }

  private void punsubscribe(Client c, byte[][] args) {
    List<String> names = new ArrayList<>();
    if (args.length == 1) {
      names.addAll(c.patterns);
    } else {
      for (int i = 1; i < args.length; i++) {
        names.add(PubSub.name(args[i]));
      }
    }
    if (names.isEmpty()) {
      c.out.pushHeader(3).bulk(PUNSUBSCRIBE).nullBulk().integer(c.subscriptionCount());
      return;
    }
    for (String n : names) {
      pubsub.punsubscribe(c, n);
      c.out.pushHeader(3).bulk(PUNSUBSCRIBE).bulk(PubSub.bytes(n)).integer(c.subscriptionCount());
    }
  }

  private void publish(Client c, byte[][] args) {
    int receivers = pubsub.publish(args[1], args[2]);
    // replicas' subscribers receive it too, though the keyspace did not change
    c.propagate(args);
    c.out.integer(receivers);
  }

  private void pubsub(Client c, byte[][] args) {
    String sub = Args.lower(args[1]);
    switch (sub) {
      case "channels" -> {
        if (args.length > 3) {
          throw Errors.wrongArity("pubsub|channels");
        }
        List<String> chans = pubsub.channels(args.length == 3 ? args[2] : null);
        c.out.arrayHeader(chans.size());
        for (String ch : chans) {
          c.out.bulk(PubSub.bytes(ch));
        }
      }
      case "numsub" -> {
        c.out.mapHeader(args.length - 2);
        for (int i = 2; i < args.length; i++) {
          c.out.bulk(args[i]).integer(pubsub.subscribers(PubSub.name(args[i])));
        }
      }
      case "numpat" -> c.out.integer(pubsub.patternCount());
      case "help" -> {
        String[] help = {"PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]", "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT", "    Return number of subscriptions to patterns.", "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).", "HELP", "    Print this help."};
        c.out.arrayHeader(help.length);
        for (String h : help) {
          c.out.simpleString(h);
        }
      }
      default -> throw new CommandException("ERR unknown subcommand '" + Args.str(args[1]) + "'. Try PUBSUB HELP.");
    }
  }
}
