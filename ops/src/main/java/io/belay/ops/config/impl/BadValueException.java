package io.belay.ops.config.impl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A scalar that does not parse. The message is already fit for the operator; Jackson adds the
 * key path as the exception travels up, and {@link YamlFiles} puts the two together.
 */
public final class BadValueException extends JsonMappingException {

  private static final long serialVersionUID = 1L;

  public BadValueException(JsonParser parser, String message) {
    super(parser, message);
  }
}
