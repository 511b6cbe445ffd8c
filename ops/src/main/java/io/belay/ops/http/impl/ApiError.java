package io.belay.ops.http.impl;

import io.vertx.core.json.JsonObject;

/**
 * A request the API answers with an error status. The body always has an {@code error}
 * message; validation errors add the field, the value and what is allowed.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient JsonObject body;

  public ApiError(int status, String message) {
    this(status, new JsonObject().put("error", message));
  }

  public ApiError(int status, JsonObject body) {
    super(body.getString("error"), null, false, false);
    this.status = status;
    this.body = body;
  }

  /** A value the API cannot accept: names the field and the value, says what is allowed. */
  public static ApiError badValue(String field, String shownValue, String allowed) {
    return new ApiError(400, new JsonObject()
        .put("error", "invalid " + field + " " + shownValue + ": allowed " + allowed)
        .put("field", field)
        .put("value", shownValue)
        .put("allowed", allowed));
  }

  public static ApiError unknownGroup(String group) {
    return new ApiError(404, new JsonObject()
        .put("error", "unknown group '" + group + "'")
        .put("group", group));
  }

  public int status() {
    return status;
  }

  public JsonObject body() {
    return body.copy();
  }
}
