package lab.tagging.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONException;
import org.skyscreamer.jsonassert.JSONCompare;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.skyscreamer.jsonassert.JSONCompareResult;

/** Checks on JSON answers whose failure messages start with advice for the student. */
public final class JsonChecks {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private JsonChecks() {}

  /** Reads and writes the tests' JSON; a parsed object keeps its keys in the order they were sent. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The reply's body as JSON, after checking its status. On a wrong status the message is
   * {@code advice} followed by the whole answer, which for an unfinished lab names the handout.
   */
  public static JsonNode json(Reply reply, int status, String advice) {
    if (reply.status() != status) {
      throw new AssertionError(advice + "\n  Expected status " + status + ", but " + reply.describe());
    }
    return reply.json();
  }

  /**
   * Compares the reply's body with {@code expected} in {@code mode}. JSONAssert ignores the order
   * of an object's keys in every mode; check that with {@link #keys} where it matters.
   */
  public static void assertJson(Reply reply, String expected, JSONCompareMode mode, String advice) {
    JSONCompareResult result;
    try {
      result = JSONCompare.compareJSON(expected, reply.body(), mode);
    } catch (JSONException e) {
      throw new AssertionError(advice + "\n  The answer is not the JSON expected: " + reply.describe(), e);
    }
    if (result.failed()) {
      throw new AssertionError(advice + "\n  What differs (JSONAssert, " + mode + "):\n    "
          + result.getMessage().replace("\n", "\n    ") + "\n  " + reply.describe());
    }
  }

  /** The keys of a JSON object in the order they were sent. */
  public static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
