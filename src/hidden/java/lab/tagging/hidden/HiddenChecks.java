package lab.tagging.hidden;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.support.Reply;
import org.json.JSONException;
import org.skyscreamer.jsonassert.JSONCompare;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.skyscreamer.jsonassert.JSONCompareResult;

/**
 * The hidden tests' own JSON checks. They live here, not in the support package, so that the
 * student copy (which has no src/hidden) needs nothing from them.
 */
final class HiddenChecks {

  private HiddenChecks() {}

  /** The reply's body as JSON after checking its status; on a wrong status, advice then the answer. */
  static JsonNode json(Reply reply, int status, String advice) {
    if (reply.status() != status) {
      throw new AssertionError(advice + "\n  Expected status " + status + ", but " + reply.describe());
    }
    return reply.json();
  }

  /**
   * Compares the body with {@code expected} in {@link JSONCompareMode#STRICT}: same keys, same
   * values, arrays in the same order. JSONAssert never checks the order of an object's keys.
   */
  static void assertStrictJson(Reply reply, String expected, String advice) {
    JSONCompareResult result;
    try {
      result = JSONCompare.compareJSON(expected, reply.body(), JSONCompareMode.STRICT);
    } catch (JSONException e) {
      throw new AssertionError(advice + "\n  The answer is not the JSON expected: " + reply.describe(), e);
    }
    if (result.failed()) {
      throw new AssertionError(advice + "\n  What differs (JSONAssert, JSONCompareMode.STRICT):\n    "
          + result.getMessage().replace("\n", "\n    ") + "\n  Expected: " + expected + "\n  " + reply.describe());
    }
  }

  /** The "id" of each object of a JSON array, in order. */
  static List<Long> ids(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode item : array) {
      ids.add(item.path("id").asLong());
    }
    return ids;
  }

  /** A join row as the lesson's JSON writes it, with both timestamps {@code at}. */
  static String itemtag(long tagId, long postId, String at) {
    return "{\"tag_id\":" + tagId + ",\"taggable\":\"post\",\"taggable_id\":" + postId
        + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at + "\"}";
  }

  /** {@code text} as a JSON string literal, escaped by the same mapper the API uses. */
  static String quoted(String text) {
    return lab.tagging.support.JsonChecks.mapper().getNodeFactory().textNode(text).toString();
  }

  static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
