package lab.tagging.support;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

/** An HTTP answer: its request line, status, content type and body. */
public record Reply(String request, int status, String contentType, String body) {

  /** The body parsed as JSON, keys in the order they were sent; fails if it is not JSON. */
  public JsonNode json() {
    try {
      return JsonChecks.mapper().readTree(body);
    } catch (JacksonException e) {
      throw new AssertionError(request + " should answer JSON, but answered " + status + " with: "
          + abbreviated(), e);
    }
  }

  /** "POST /posts answered 501: {…}", for the start of a failure message. */
  public String describe() {
    return request + " answered " + status + ": " + abbreviated();
  }

  private String abbreviated() {
    return body.length() <= 600 ? body : body.substring(0, 600) + "…";
  }
}
