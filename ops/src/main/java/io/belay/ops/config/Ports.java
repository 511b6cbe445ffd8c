package io.belay.ops.config;

/** TCP port numbers as accepted everywhere in configuration and on the command line. */
public final class Ports {

  public static final int MIN = 1;
  public static final int MAX = 65535;

  private Ports() {
  }

  /** Parses a port number; the message names the value and the allowed range. */
  public static int parse(String text) {
    String value = text == null ? "" : text.strip();
    try {
      return check(Integer.parseInt(value), text);
    } catch (NumberFormatException e) {
      throw outOfRange(text);
    }
  }

  /** Returns the port if it is in range, else throws with a message naming it. */
  public static int check(int port) {
    return check(port, Integer.toString(port));
  }

  private static int check(int port, String asWritten) {
    if (port < MIN || port > MAX) {
      throw outOfRange(asWritten);
    }
    return port;
  }

  private static IllegalArgumentException outOfRange(String asWritten) {
    return new IllegalArgumentException(
        Values.quote(asWritten) + " is not a port number (" + MIN + ".." + MAX + ")");
  }
}
