package io.belay.it.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a node's {@code /metrics}: the Prometheus text format read into samples, and
 * {@code promtool check metrics} run over the text as Prometheus's own lint.
 */
final class Scrape {

  /** One sample line: its metric name, labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+-?\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  final String text;
  final List<Sample> samples;

  private Scrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Scrape(text, samples);
  }

  /** The samples of {@code name} whose labels include every given {@code key, value} pair. */
  List<Sample> find(String name, String... labelPairs) {
    Predicate<Sample> match = s -> s.name().equals(name);
    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
      String key = labelPairs[i];
      String value = labelPairs[i + 1];
      match = match.and(s -> value.equals(s.labels().get(key)));
    }
    return samples.stream().filter(match).toList();
  }

  /** Sum of the matching samples; 0 when there are none. */
  double sum(String name, String... labelPairs) {
    return find(name, labelPairs).stream().mapToDouble(Sample::value).sum();
  }

  /** The one matching sample's value; fails when there is not exactly one. */
  double value(String name, String... labelPairs) {
    List<Sample> found = find(name, labelPairs);
    if (found.size() != 1) {
      throw new AssertionError("expected one sample of " + name + " " + String.join(",", labelPairs) + ", found "
          + found);
    }
    return found.get(0).value();
  }

  /** Runs {@code promtool check metrics} over the text; returns its output, fails on a lint error. */
  String promtool() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("promtool is needed (Debian package prometheus): " + e.getMessage(), e);
    }
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool check metrics did not finish");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("promtool check metrics failed (" + p.exitValue() + "): " + output);
    }
    return output;
  }
}
