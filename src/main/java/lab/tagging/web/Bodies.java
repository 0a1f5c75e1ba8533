package lab.tagging.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** Reads the small JSON bodies the API accepts, refusing bad ones with 400. */
final class Bodies {

  /** The columns are VARCHAR(255), as in the lesson's schema. */
  static final int MAX_LENGTH = 255;

  private Bodies() {}

  /** The string field {@code field} of a JSON object body, such as {@code {"text": "…"}}. */
  static String requiredString(Context ctx, String field) {
    String body = ctx.body();
    String example = "{\"" + field + "\": \"…\"}";
    if (body.isBlank()) {
      throw ApiError.badRequest("the request body is empty: send JSON like " + example);
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw ApiError.badRequest("the request body is not valid JSON: send JSON like " + example);
    }
    if (root == null || !root.isObject()) {
      throw ApiError.badRequest("the request body must be a JSON object like " + example);
    }
    JsonNode value = root.get(field);
    if (value == null || !value.isTextual()) {
      throw ApiError.badRequest("the request body needs a string field \"" + field + "\", like " + example);
    }
    String text = value.textValue();
    if (text.length() > MAX_LENGTH) {
      throw ApiError.badRequest("\"" + field + "\" is longer than " + MAX_LENGTH + " characters");
    }
    return text;
  }
}
