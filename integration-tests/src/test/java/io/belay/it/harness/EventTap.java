package io.belay.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A node's live event stream ({@code /api/events/stream}), recorded from the moment the tap
 * opens: every {@code data:} line, and futures for the first line a test waits for.
 */
public final class EventTap implements AutoCloseable {

  private record Waiter(Predicate<String> match, CompletableFuture<String> found) {
  }

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile Stream<String> body;

  private EventTap(Thread reader) {
    this.reader = reader;
  }

  /** Opens the stream; events the node records after this returns are all seen. */
  static EventTap open(HttpClient http, URI stream, String name) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(stream).GET().build();
    HttpResponse<Stream<String>> response = http.send(r, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new IOException(stream + " answered " + response.statusCode());
    }
    EventTap[] tap = new EventTap[1];
    Thread reader = new Thread(() -> tap[0].read(response.body()), "events-" + name);
    reader.setDaemon(true);
    tap[0] = new EventTap(reader);
    tap[0].body = response.body();
    reader.start();
    return tap[0];
  }

  private void read(Stream<String> stream) {
    try (stream) {
      stream.filter(l -> l.startsWith("data:")).forEach(line -> {
        lines.add(line);
        for (Waiter w : waiters) {
          if (w.match().test(line)) {
            w.found().complete(line);
          }
        }
      });
    } catch (RuntimeException e) {
      // the node went away, or the tap was closed
    }
    waiters.forEach(w -> w.found().completeExceptionally(new IOException("event stream ended")));
  }

  /** The first line from now on (or already recorded) that {@code match} accepts. */
  public CompletableFuture<String> first(Predicate<String> match) {
    CompletableFuture<String> found = new CompletableFuture<>();
    waiters.add(new Waiter(match, found));
    for (String line : lines) {
      if (match.test(line)) {
        found.complete(line);
      }
    }
    return found;
  }

  /** Every line recorded so far. */
  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() {
    Stream<String> b = body;
    if (b != null) {
      b.close();
    }
    reader.interrupt();
  }
}
