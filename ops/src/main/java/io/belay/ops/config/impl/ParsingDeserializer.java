package io.belay.ops.config.impl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Reads a configuration value from its text with the same parser the command line uses, so a
 * value means the same and fails with the same words wherever it is written.
 */
public final class ParsingDeserializer<T> extends StdScalarDeserializer<T> {

  private static final long serialVersionUID = 1L;

  private final transient Function<String, T> parser;
  private final String expected;
  private final boolean joinsLists;

  /**
   * @param type       the value type
   * @param parser     parses the text; throws IllegalArgumentException with an operator message
   * @param expected   what a value looks like, for when a list or mapping is written instead
   * @param joinsLists whether a list of scalars is read as their texts joined by spaces
   *                   (Redis's {@code save} may be written either way)
   */
  public ParsingDeserializer(Class<T> type, Function<String, T> parser, String expected, boolean joinsLists) {
    super(type);
    this.parser = parser;
    this.expected = expected;
    this.joinsLists = joinsLists;
  }

  public ParsingDeserializer(Class<T> type, Function<String, T> parser, String expected) {
    this(type, parser, expected, false);
  }

  @Override
  public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken token = p.currentToken();
    String text;
    if (token != null && token.isScalarValue()) {
      text = p.getText();
    } else if (token == JsonToken.START_ARRAY && joinsLists) {
      text = joinedScalars(p);
    } else {
      throw new BadValueException(p, "expected " + expected + ", not " + describe(token));
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new BadValueException(p, e.getMessage());
    }
  }

  private String joinedScalars(JsonParser p) throws IOException {
    StringJoiner joined = new StringJoiner(" ");
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null || !t.isScalarValue()) {
        throw new BadValueException(p, "expected " + expected + ", not a list holding " + describe(t));
      }
      joined.add(p.getText());
    }
    return joined.toString();
  }

  static String describe(JsonToken token) {
    if (token == JsonToken.START_OBJECT) {
      return "a mapping";
    }
    if (token == JsonToken.START_ARRAY) {
      return "a list";
    }
    return "nothing";
  }
}
