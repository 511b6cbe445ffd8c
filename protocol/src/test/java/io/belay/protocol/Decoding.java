package io.belay.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** Feeds bytes to the decoders in chosen pieces and records what came out. */
final class Decoding {

  private Decoding() {
  }

  /** How much of the remaining input the next feed gets. */
  @FunctionalInterface
  interface Chunker {
    int next(int offset, int remaining);
  }

  static Chunker whole() {
    return (offset, remaining) -> remaining;
  }

  static Chunker byteAtATime() {
    return (offset, remaining) -> 1;
  }

  /** Two feeds: {@code [0, at)} and the rest. */
  static Chunker splitAt(int at) {
    return (offset, remaining) -> offset < at ? at - offset : remaining;
  }

  static Chunker random(Random random, int max) {
    return (offset, remaining) -> 1 + random.nextInt(Math.min(max, remaining));
  }

  /** What a request decoder handed out, the error that stopped it, and what it still holds. */
  record Requests(List<List<String>> commands, String error, int buffered) {
    /** After an error the bytes left over depend on the split; what was decoded does not. */
    Requests withoutBuffered() {
      return new Requests(commands, error, -1);
    }
  }

  /** What a reply decoder handed out, the error that stopped it, and what it still holds. */
  record Replies(List<RespValue> replies, String error, int buffered) {
    Replies withoutBuffered() {
      return new Replies(replies, error, -1);
    }
  }

  static Requests requests(byte[] input, Chunker chunker) {
    return requests(DecoderLimits.DEFAULTS, d -> { }, input, chunker);
  }

  static Requests requests(String input) {
    return requests(bytes(input), whole());
  }

  static Requests requests(DecoderLimits limits, Consumer<RequestDecoder> setup, byte[] input, Chunker chunker) {
    List<List<String>> commands = new ArrayList<>();
    RequestDecoder decoder = new RequestDecoder(limits, args -> commands.add(strings(args)));
    setup.accept(decoder);
    String error = null;
    int offset = 0;
    try {
      while (offset < input.length) {
        int n = chunker.next(offset, input.length - offset);
        decoder.feed(input, offset, n);
        offset += n;
      }
    } catch (ProtocolException e) {
      error = e.getMessage();
    }
    return new Requests(commands, error, decoder.buffered());
  }

  static Replies replies(byte[] input, Chunker chunker) {
    return replies(DecoderLimits.DEFAULTS, input, chunker);
  }

  static Replies replies(DecoderLimits limits, byte[] input, Chunker chunker) {
    List<RespValue> replies = new ArrayList<>();
    ReplyDecoder decoder = new ReplyDecoder(limits, replies::add);
    String error = null;
    int offset = 0;
    try {
      while (offset < input.length) {
        int n = chunker.next(offset, input.length - offset);
        decoder.feed(input, offset, n);
        offset += n;
      }
    } catch (ProtocolException e) {
      error = e.getMessage();
    }
    return new Replies(replies, error, decoder.buffered());
  }

  /** Bytes of a Java string whose chars are all below 256, one byte each. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<String> strings(byte[][] args) {
    List<String> out = new ArrayList<>(args.length);
    for (byte[] a : args) {
      out.add(new String(a, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  static List<List<String>> commands(String... lines) {
    List<List<String>> out = new ArrayList<>();
    for (String line : lines) {
      out.add(List.of(line.split(" ", -1)));
    }
    return out;
  }
}
