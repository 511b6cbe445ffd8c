package io.belay.ops.http;

import java.util.Locale;

/** A backend's health, in Sentinel's vocabulary; written in lower case in JSON. */
public enum BackendState {
  /** Answers probes. */
  UP,
  /** Does not answer, and this node has not yet judged it subjectively down. */
  DOWN,
  /** Subjectively down: this node saw it fail probes for longer than down-after. */
  SDOWN,
  /** Objectively down: a quorum of nodes agrees it is subjectively down. */
  ODOWN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
