package lab.tagging.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/**
 * Reads the small JSON bodies the API accepts: at most {@value #MAX_BYTES} bytes however they
 * are sent (413 past that, read no further), JSON only (415 for another content type), and a
 * string field of at most {@value #MAX_LENGTH} characters (400 for anything else).
 */
final class Bodies {

  /** The columns are VARCHAR(255), as in the lesson's schema: 255 characters, an emoji is one. */
  static final int MAX_LENGTH = 255;

  /** The most a body may hold: far more than any field the API takes. */
  static final int MAX_BYTES = 1024 * 1024;

  private Bodies() {}

  /** The string field {@code field} of a JSON object body, such as {@code {"text": "…"}}. */
  static String requiredString(Context ctx, String field) {
    String body = read(ctx);
    String example = "{\"" + field + "\": \"…\"}";
    if (body.isBlank()) {
      throw ApiError.badRequest("the request body is empty: send JSON like " + example);
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (!type.equals("application/json")) {
      throw ApiError.unsupportedMediaType("the request body must be JSON sent with Content-Type: application/json, "
          + "not " + (type.isEmpty() ? "without a content type" : type));
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
    if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
      throw ApiError.badRequest("\"" + field + "\" is longer than " + MAX_LENGTH + " characters");
    }
    return text;
  }

  // The body, read up to the limit whether or not it came with a length: a chunked body of any
  // size is cut off after MAX_BYTES, never held whole.
  private static String read(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BYTES) {
      throw ApiError.tooLarge("the request body is larger than " + MAX_BYTES / 1024 + " KiB");
    }
    byte[] bytes;
    try {
      bytes = ctx.req().getInputStream().readNBytes(MAX_BYTES + 1);
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("the request body could not be read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw ApiError.tooLarge("the request body is larger than " + MAX_BYTES / 1024 + " KiB");
    }
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
