package io.belay.ops.config.impl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.belay.ops.config.ConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a document record and turns every way that can fail into one
 * {@link ConfigException} line: file, key path, bad value, what is allowed.
 */
public final class YamlFiles {

  private final ObjectMapper mapper;

  public YamlFiles(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The file's content as {@code type}; never null. */
  public <T> T read(Path file, Class<T> type) throws ConfigException {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name + ": file not found", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(name + ": permission denied", e);
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read: " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      throw new ConfigException(name + ": file is empty");
    }
    T value;
    try {
      value = mapper.readValue(text, type);
    } catch (JacksonException e) {
      throw translate(name, e);
    }
    if (value == null) {
      throw new ConfigException(name + ": file holds no settings");
    }
    return value;
  }

  static ConfigException translate(String file, JacksonException e) {
    // A syntax error met while binding arrives wrapped in a mapping error; the syntax matters.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException) {
        StreamReadException syntax = (StreamReadException) t;
        return new ConfigException(file + ": " + where(syntax.getLocation()) + syntaxProblem(syntax), e);
      }
    }
    if (e instanceof JsonMappingException) {
      JsonMappingException m = (JsonMappingException) e;
      return new ConfigException(prefix(file, m.getPath()) + problem(m), e);
    }
    return new ConfigException(file + ": " + e.getOriginalMessage(), e);
  }

  private static String problem(JsonMappingException e) {
    if (e instanceof BadValueException) {
      return e.getOriginalMessage();
    }
    if (e instanceof UnrecognizedPropertyException) {
      Collection<Object> known = ((UnrecognizedPropertyException) e).getKnownPropertyIds();
      return "unknown key; allowed here: " + known.stream().map(String::valueOf)
          .sorted().collect(Collectors.joining(", "));
    }
    if (e instanceof InvalidFormatException) {
      InvalidFormatException f = (InvalidFormatException) e;
      return "'" + f.getValue() + "' is not " + friendly(f.getTargetType());
    }
    if (e instanceof MismatchedInputException) {
      Class<?> target = ((MismatchedInputException) e).getTargetType();
      if (target != null) {
        return "expected " + friendly(target);
      }
    }
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
      return cause.getMessage();
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String prefix(String file, List<JsonMappingException.Reference> path) {
    StringBuilder keys = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (keys.length() > 0) {
          keys.append('.');
        }
        keys.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        keys.append('[').append(ref.getIndex()).append(']');
      }
    }
    return keys.length() == 0 ? file + ": " : file + ": " + keys + ": ";
  }

  private static String friendly(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "text";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord()) {
      return "a mapping of keys to values";
    }
    return "a " + type.getSimpleName();
  }

  private static String syntaxProblem(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Duplicate field ")) {
      return "duplicate key " + message.substring("Duplicate field ".length());
    }
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYAMLException && ((MarkedYAMLException) cause).getProblem() != null) {
      String problem = ((MarkedYAMLException) cause).getProblem();
      // SnakeYAML's words for a mis-indented line ("expected <block end>") name a grammar rule.
      return problem.contains("<block") ? "malformed YAML (check the indentation): " + problem
          : "malformed YAML: " + problem;
    }
    return "malformed YAML: " + firstLine(message);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
