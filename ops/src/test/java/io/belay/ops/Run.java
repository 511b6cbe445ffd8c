package io.belay.ops;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: exit code and what it printed. */
record Run(int exitCode, String out, String err) {

  static Run of(Launcher launcher, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(launcher, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs with the launcher a build without wired modes has. */
  static Run unwired(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter errWriter = new PrintWriter(err, true);
    int code = Main.execute(new UnavailableLauncher(errWriter), new PrintWriter(out, true), errWriter, args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The single line printed on stderr, without its line break. */
  String errLine() {
    String trimmed = err.strip();
    if (trimmed.contains("\n")) {
      throw new AssertionError("expected one line on stderr, got:\n" + err);
    }
    return trimmed;
  }
}
