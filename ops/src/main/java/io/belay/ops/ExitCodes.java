package io.belay.ops;

/** Process exit codes of {@code belay}, as listed in every mode's {@code --help}. */
public final class ExitCodes {

  /** The mode ran and stopped normally, or help/version was printed. */
  public static final int OK = 0;
  /** The mode failed while running; the log says why. */
  public static final int FAILURE = 1;
  /** A flag or the configuration file is wrong; nothing was started. */
  public static final int USAGE = 2;

  private ExitCodes() {
  }
}
