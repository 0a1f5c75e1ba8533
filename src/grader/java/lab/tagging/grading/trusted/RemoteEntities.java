package lab.tagging.grading.trusted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.grading.fixture.RowId;
import lab.tagging.grading.sandbox.inside.Wire;

/**
 * The entity calls of the graded tests, made by the driver in the sandbox. The answers are
 * checked for shape before a test sees them: an answer that is not what the call returns is a
 * protocol violation and fails the test, whatever it says.
 */
final class RemoteEntities implements Entities {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final int MAX_ROWS = 10_000;

  private final Supplier<Control> control;
  private final java.util.function.Consumer<String> violations;

  RemoteEntities(Supplier<Control> control, java.util.function.Consumer<String> violations) {
    this.control = control;
    this.violations = violations;
  }

  @Override
  public void addTag(long postId, long tagId, Instant at) {
    call(Wire.ADD_TAG, "post.addTag(tag, now)", c -> c.put("post", postId).put("tag", tagId).put("at", at.toString()));
  }

  @Override
  public List<RowId> itemtagsOf(long postId) {
    JsonNode rows = call(Wire.ITEMTAGS, "post.getItemtags()", c -> c.put("post", postId));
    return rows(rows, -1, false, "post.getItemtags()");
  }

  @Override
  public List<RowId> findItemtags(long postId, List<Long> tagIds, boolean copies) {
    JsonNode rows = call(Wire.FIND_ITEMTAGS, "post.findItemtag(tag)",
        c -> longs(c.put("post", postId).put("copies", copies), tagIds));
    return rows(rows, tagIds.size(), true, "post.findItemtag(tag)");
  }

  @Override
  public List<Boolean> removeTags(long postId, List<Long> tagIds) {
    JsonNode answers = call(Wire.REMOVE_TAGS, "post.removeTag(tag)", c -> longs(c.put("post", postId), tagIds));
    if (answers == null || !answers.isArray() || answers.size() != tagIds.size()) {
      throw misunderstood("post.removeTag(tag)");
    }
    List<Boolean> list = new ArrayList<>();
    for (JsonNode answer : answers) {
      if (!answer.isBoolean()) {
        throw misunderstood("post.removeTag(tag)");
      }
      list.add(answer.booleanValue());
    }
    return list;
  }

  @Override
  public void removePost(long postId) {
    call(Wire.REMOVE_POST, "session.remove(post)", c -> c.put("post", postId));
  }

  private JsonNode call(String op, String what, java.util.function.UnaryOperator<ObjectNode> fields) {
    Control current = control.get();
    if (current == null) {
      throw new AssertionError(what + " could not be called: the app's JVM is not running.");
    }
    try {
      return current.call(fields.apply(Wire.JSON.createObjectNode().put("op", op)), TIMEOUT);
    } catch (Control.Failed e) {
      // The code under test threw (its exception, as a test's own JVM would print it), or the JVM is gone.
      throw new AssertionError(e.getMessage());
    }
  }

  private static ObjectNode longs(ObjectNode call, List<Long> values) {
    ArrayNode array = call.putArray("tags");
    values.forEach(array::add);
    return call;
  }

  private List<RowId> rows(JsonNode rows, int size, boolean nullsAllowed, String what) {
    if (rows == null || !rows.isArray() || rows.size() > MAX_ROWS || size >= 0 && rows.size() != size) {
      throw misunderstood(what);
    }
    List<RowId> list = new ArrayList<>();
    for (JsonNode row : rows) {
      if (row.isNull() && nullsAllowed) {
        list.add(null);
      } else if (row.isObject() && number(row.get("tagId")) && number(row.get("taggableId"))
          && (row.path("taggable").isTextual() || row.path("taggable").isNull())) {
        list.add(new RowId(value(row.get("tagId")), row.get("taggable").isNull() ? null : row.get("taggable").asText(),
            value(row.get("taggableId"))));
      } else {
        throw misunderstood(what);
      }
    }
    return list;
  }

  private static boolean number(JsonNode node) {
    return node != null && (node.isNull() || node.canConvertToLong() && node.isIntegralNumber());
  }

  private static Long value(JsonNode node) {
    return node.isNull() ? null : node.asLong();
  }

  private AssertionError misunderstood(String what) {
    violations.accept("the sandbox answered " + what + " with something it cannot return");
    return new AssertionError("The answer to " + what + " from the app's JVM was not something " + what
        + " can return, so this test fails.");
  }
}
