package io.belay.ops;

import io.belay.ops.cli.Cli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/**
 * {@code belay}: the embedded default mode, {@code belay backend} and {@code belay node}.
 * Only {@link #main} ends the JVM; everything else returns an exit code, so tests and other
 * launchers can run the command line in-process.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    // Hazelcast logs through SLF4J like everything else, from its very first line.
    System.setProperty("hazelcast.logging.type", "slf4j");
    Charset charset = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
    int code = execute(new io.belay.ops.launch.BelayLauncher(out, err), out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Parses {@code args}, runs the chosen mode with {@code launcher} and returns the exit code. */
  public static int execute(Launcher launcher, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(launcher, out, err).execute(args);
  }

  /** The whole command line, ready to {@code execute}; writes help to {@code out}, errors to {@code err}. */
  public static CommandLine commandLine(Launcher launcher, PrintWriter out, PrintWriter err) {
    return Cli.create(launcher, out, err);
  }
}
