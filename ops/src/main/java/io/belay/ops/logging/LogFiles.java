package io.belay.ops.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Sends the process's log to a file instead of the console ({@code belay backend --logfile}),
 * with the same line layout as logback.xml's console.
 */
public final class LogFiles {

  /** The line layout of logback.xml, kept in step with it. */
  public static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%component] %msg%n";

  static final String FILE_APPENDER = "FILE";

  private LogFiles() {
  }

  /**
   * Replaces the root logger's appenders by one that appends to {@code file}. Opens the file
   * first, so an unwritable path is reported to the caller instead of lost in logback's status.
   */
  public static void logTo(Path file) throws IOException {
    try (OutputStream probe = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      probe.flush();
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return; // another SLF4J backend is in charge; it has its own configuration
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.getInstanceConverterMap().put("component", ComponentConverter::new);
    layout.setPattern(PATTERN);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();

    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName(FILE_APPENDER);
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> old = it.next();
      root.detachAppender(old);
      old.stop();
    }
    root.addAppender(appender);
  }
}
