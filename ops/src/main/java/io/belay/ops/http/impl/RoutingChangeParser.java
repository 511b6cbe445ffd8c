package io.belay.ops.http.impl;

import io.belay.ops.config.Consistency;
import io.belay.ops.config.Durability;
import io.belay.ops.config.ReadPolicy;
import io.belay.ops.config.Values;
import io.belay.ops.http.RoutingChange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the body of {@code PUT /api/groups/{group}/routing} with the configuration's own
 * parsers, and says precisely what is wrong when it cannot.
 */
public final class RoutingChangeParser {

  static final String READ_POLICY = "readPolicy";
  static final String MAX_REPLICA_LAG = "maxReplicaLag";
  static final String CONSISTENCY = "consistency";
  static final String DURABILITY = "durability";
  static final List<String> FIELDS = List.of(READ_POLICY, MAX_REPLICA_LAG, CONSISTENCY, DURABILITY);

  static final String DURATION_ALLOWED =
      "a duration with a unit (ms, s, m or h), e.g. 200ms, 1s, 2m";
  static final String DURABILITY_ALLOWED = "async, replica-ack:N (N >= 1)";

  private RoutingChangeParser() {
  }

  /** Parses a request body. */
  public static RoutingChange parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new ApiError(400, "empty body: send a JSON object with any of "
          + String.join(", ", FIELDS));
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ApiError(400, "malformed JSON: " + e.getMessage());
    }
    if (!(value instanceof JsonObject)) {
      throw new ApiError(400, "body must be a JSON object, not " + describe(value));
    }
    return parse((JsonObject) value);
  }

  public static RoutingChange parse(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new ApiError(400, new JsonObject()
            .put("error", "unknown field '" + field + "'" + suggestion(field)
                + "; allowed fields: " + String.join(", ", FIELDS))
            .put("field", field)
            .put("allowed", String.join(", ", FIELDS)));
      }
    }
    RoutingChange change = new RoutingChange(
        field(json, READ_POLICY, ReadPolicy::parse, Values.allowed(ReadPolicy.class)),
        field(json, MAX_REPLICA_LAG, Values::parseDuration, DURATION_ALLOWED),
        field(json, CONSISTENCY, Consistency::parse, Values.allowed(Consistency.class)),
        field(json, DURABILITY, Durability::parse, DURABILITY_ALLOWED));
    if (change.isEmpty()) {
      throw new ApiError(400, "nothing to change: give any of " + String.join(", ", FIELDS));
    }
    return change;
  }

  private static <T> Optional<T> field(JsonObject json, String name,
      Function<String, T> parser, String allowed) {
    if (!json.containsKey(name)) {
      return Optional.empty();
    }
    Object value = json.getValue(name);
    if (!(value instanceof String)) {
      throw ApiError.badValue(name, Json.encode(value), allowed);
    }
    try {
      return Optional.of(parser.apply((String) value));
    } catch (IllegalArgumentException e) {
      throw ApiError.badValue(name, "'" + value + "'", allowed);
    }
  }

  /** Operators type configuration spellings; point them at the API's. */
  private static String suggestion(String field) {
    String squashed = field.replace("-", "").replace("_", "");
    return FIELDS.stream().filter(known -> known.equalsIgnoreCase(squashed)).findFirst()
        .map(known -> " (did you mean '" + known + "'?)").orElse("");
  }

  private static String describe(Object value) {
    if (value instanceof JsonArray) {
      return "an array";
    }
    return value == null ? "null" : "a " + (value instanceof String ? "string" : "scalar");
  }
}
