package io.belay.ops.cli;

import io.belay.ops.config.Ports;
import io.belay.ops.config.Values;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag converters built on the same parsers as the YAML files, so a value fails with the same
 * words wherever it is written. picocli prefixes the flag: "Invalid value for option '--port':
 * '70000' is not a port number (1..65535)".
 */
final class Converters {

  private Converters() {
  }

  /** Adapts a parser whose IllegalArgumentException carries an operator message. */
  static <T> ITypeConverter<T> of(Function<String, T> parser) {
    return text -> {
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }

  /** A TCP port, 1..65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) throws Exception {
      return of(Ports::parse).convert(value);
    }
  }

  /** Redis's yes/no. */
  static final class YesNo implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) throws Exception {
      return of(Values::parseYesNo).convert(value);
    }
  }

  /** A whole number >= 0. */
  static final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) throws Exception {
      return of(Values::parseNonNegative).convert(value);
    }
  }

  /** A bare file name, no directories. */
  static final class FileName implements ITypeConverter<String> {
    @Override
    public String convert(String value) throws Exception {
      return of(Values::parseFileName).convert(value);
    }
  }

  /** A file path that is not empty. */
  static final class FilePath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) throws Exception {
      return of(FilePath::parse).convert(value);
    }

    private static Path parse(String text) {
      if (text.isBlank()) {
        throw new IllegalArgumentException("'' is not a file path (leave the flag out instead)");
      }
      return Path.of(text);
    }
  }

  /** An address to listen on, without spaces. */
  static final class BindAddress implements ITypeConverter<String> {
    @Override
    public String convert(String value) throws Exception {
      return of(BindAddress::parse).convert(value);
    }

    private static String parse(String text) {
      if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("'" + text + "' is not an address to bind to (e.g. 127.0.0.1)");
      }
      return text;
    }
  }
}
