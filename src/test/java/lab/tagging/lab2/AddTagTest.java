package lab.tagging.lab2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Reply;
import lab.tagging.support.Rows.Link;
import org.json.JSONException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

@Tag("lab2")
@DisplayName("Lab 2 · POST /posts/{id}/tags/{tid} (addTag)")
class AddTagTest {

  // A whole second, so the answer must show it as .000Z like the lesson's JSON.
  private static final String ADDED_AT = "2026-11-24T19:32:44.000Z";

  private static final String LATER = "2026-11-25T10:00:00.500Z";

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(2)
  @DisplayName("adding a tag to a post answers 201 with the new join row in the lesson's format")
  void newLinkAnswers201WithTheRow() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      lab.clock().set(ADDED_AT);

      Reply reply = api.post(link(post, tag));

      assertThat(reply.status())
          .as("Adding a tag the post does not have yet should answer 201 Created (lab 2, task 4). "
              + reply.describe())
          .isEqualTo(201);
      assertJson(reply, row(tag, post, ADDED_AT),
          "The 201 should carry the new join row as ItemtagJson: tag_id, taggable 'post', taggable_id, and both "
              + "timestamps taken from the clock at the moment of the add (Timestamps.now(clock); lab 2, task 4)");
      assertThat(fieldNames(reply.json()))
          .as("The join row's keys should come in the lesson's order; answer with ItemtagJson.of(row), which "
              + "fixes the order and the timestamp format. " + reply.describe())
          .containsExactly("tag_id", "taggable", "taggable_id", "createdAt", "updatedAt");
    });
  }

  @Test
  @Points(2)
  @DisplayName("adding a tag to a post writes exactly one row (tag, 'post', post)")
  void newLinkWritesOneRow() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      lab.clock().set(ADDED_AT);

      Reply reply = api.post(link(post, tag));

      Instant at = Instant.parse(ADDED_AT);
      assertThat(lab.rows().itemtags())
          .as("After %s Itemtags should hold exactly the row (tag_id %d, 'post', taggable_id %d), stamped with "
              + "the time of the add. Add it with post.addTag(tag, now) inside db.write(...) so it is saved when "
              + "the transaction commits (lab 2, task 4). %s", reply.request(), tag, post, reply.describe())
          .containsExactly(new Link(tag, "post", post, at, at));
    });
  }

  @Test
  @Points(2)
  @DisplayName("adding a tag twice answers 200 with the unchanged row of the first add")
  void secondAddAnswers200WithTheUnchangedRow() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      lab.clock().set(ADDED_AT);
      Reply first = api.post(link(post, tag));
      assertThat(first.status()).as("The first add should answer 201. " + first.describe()).isEqualTo(201);
      lab.clock().set(LATER);

      Reply again = api.post(link(post, tag));

      assertThat(again.status())
          .as("Adding a tag the post already has should answer 200 OK: nothing was created (lab 2, task 3). "
              + again.describe())
          .isEqualTo(200);
      assertJson(again, row(tag, post, ADDED_AT),
          "The 200 should carry the existing join row exactly as it is stored: its timestamps are those of the "
              + "first add, not the clock's time now. Return the row you found instead of building a new one "
              + "(lab 2, task 3)");
    });
  }

  @Test
  @Points(2)
  @DisplayName("adding a tag twice leaves one row with the first add's timestamps")
  void secondAddWritesNothing() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      lab.clock().set(ADDED_AT);
      Reply first = api.post(link(post, tag));
      assertThat(first.status()).as("The first add should answer 201. " + first.describe()).isEqualTo(201);
      lab.clock().set(LATER);

      Reply again = api.post(link(post, tag));

      Instant at = Instant.parse(ADDED_AT);
      assertThat(lab.rows().itemtags())
          .as("Adding an existing link again must change nothing: still one row, its createdAt and updatedAt "
              + "those of the first add. Look for the post's row for the tag first and return it untouched when "
              + "it is there (lab 2, task 3). %s", again.describe())
          .containsExactly(new Link(tag, "post", post, at, at));
    });
  }

  @Test
  @Points(2)
  @DisplayName("a video's row for the same tag and id does not count: the post's own row is created with 201")
  void otherScopeRowDoesNotCount() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      // Video 1 already has the tag. Its row shares tag_id and taggable_id with the post's.
      lab.rows().insertItemtag(tag, "video", post);
      lab.clock().set(ADDED_AT);

      Reply reply = api.post(link(post, tag));

      assertThat(reply.status())
          .as("Post %d does not have tag %d yet; only video %d does. The answer should be 201, not 200: look for "
              + "the existing row among the post's own rows, post.findItemtag(tag), which lab 1 scoped to "
              + "taggable = 'post'; a lookup by tag_id and taggable_id alone also finds other items' rows "
              + "(lab 2, task 3). %s", post, tag, post, reply.describe())
          .isEqualTo(201);
      Instant added = Instant.parse(ADDED_AT);
      Instant start = Instant.parse(Lab.START);
      assertThat(lab.rows().itemtags())
          .as("Itemtags should hold the video's row untouched and the post's new row (lab 2, task 4)")
          .containsExactly(new Link(tag, "post", post, added, added), new Link(tag, "video", post, start, start));
    });
  }

  @Test
  @Points(2)
  @DisplayName("adding a tag to an unknown post answers 404 naming the post and writes nothing")
  void unknownPostAnswers404() {
    lab.http(api -> {
      lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");

      Reply reply = api.post(link(99, tag));

      assertError(reply, 404, "There is no post 99, so the answer should be 404 with an error that names the "
          + "post: throw Missing.post(id) when session.find gives null (lab 2, task 2)", "post", "99");
      assertThat(lab.rows().itemtags())
          .as("A request for a missing post must not write a join row (lab 2, task 2)")
          .isEmpty();
    });
  }

  @Test
  @Points(1)
  @DisplayName("adding an unknown tag to a post answers 404 naming the tag and writes nothing")
  void unknownTagAnswers404() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      lab.newTag("tagged!");

      Reply reply = api.post(link(post, 42));

      assertError(reply, 404, "There is no tag 42, so the answer should be 404 with an error that names the "
          + "tag: throw Missing.tag(id) when session.find gives null (lab 2, task 2)", "tag", "42");
      assertThat(lab.rows().itemtags())
          .as("A request for a missing tag must not write a join row (lab 2, task 2)")
          .isEmpty();
    });
  }

  @Test
  @Points(1)
  @DisplayName("an id that is not a number answers 400 with a JSON error and writes nothing")
  void nonNumericIdAnswers400() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");

      Reply badPost = api.post("/posts/first/tags/" + tag);
      Reply badTag = api.post("/posts/" + post + "/tags/1x");

      String advice = "An id that is not a whole number is the client's mistake: 400 with a JSON error, not "
          + "500. Read both ids with PathIds.postId and PathIds.tagId (lab 2, task 1)";
      assertError(badPost, 400, advice);
      assertError(badTag, 400, advice);
      assertThat(lab.rows().itemtags())
          .as("A request with a bad id must not write a join row (lab 2, task 1)")
          .isEmpty();
    });
  }

  @Test
  @Points(2)
  @DisplayName("links between different posts and tags get rows with the right ids")
  void differentLinksGetTheirOwnRows() {
    lab.http(api -> {
      long one = lab.newPost("one");
      lab.newPost("two");
      long three = lab.newPost("three");
      long red = lab.newTag("red");
      long blue = lab.newTag("blue");
      lab.clock().set(ADDED_AT);

      // Three posts and two tags: a post id read as a tag id (or back) shows as a 404 or a wrong row.
      long[][] links = {{three, red}, {one, blue}, {three, blue}};
      List<Link> expected = new ArrayList<>();
      Instant at = Instant.parse(ADDED_AT);
      for (long[] pair : links) {
        Reply reply = api.post(link(pair[0], pair[1]));
        assertThat(reply.status())
            .as("Post %d exists and so does tag %d: adding the link should answer 201. A 404 here often means "
                + "{id} and {tid} were swapped: {id} is the post, {tid} the tag (lab 2, task 1). %s",
                pair[0], pair[1], reply.describe())
            .isEqualTo(201);
        assertJson(reply, row(pair[1], pair[0], ADDED_AT),
            "The answer should be the row of this post and this tag: tag_id " + pair[1] + ", taggable_id "
                + pair[0] + " (lab 2, tasks 1 and 4)");
        expected.add(new Link(pair[1], "post", pair[0], at, at));
      }

      assertThat(lab.rows().itemtags())
          .as("Each add should have written the row of its own post and tag, and nothing else (lab 2, task 4)")
          .containsExactlyInAnyOrderElementsOf(expected);
    });
  }

  private static String link(long post, long tag) {
    return "/posts/" + post + "/tags/" + tag;
  }

  private static String row(long tag, long post, String at) {
    return "{\"tag_id\":" + tag + ",\"taggable\":\"post\",\"taggable_id\":" + post
        + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at + "\"}";
  }

  private static void assertJson(Reply reply, String expected, String advice) {
    try {
      JSONAssert.assertEquals(expected, reply.body(), JSONCompareMode.STRICT);
    } catch (AssertionError | JSONException e) {
      throw new AssertionError(advice + "\n  Expected (JSONCompareMode.STRICT): " + expected + "\n  "
          + reply.describe() + "\n  " + String.valueOf(e.getMessage()).strip(), e);
    }
  }

  // Every error of the API has the body {"status": <the HTTP status>, "error": "<a sentence>"}.
  private static void assertError(Reply reply, int status, String advice, String... mentions) {
    assertThat(reply.status()).as(advice + ". " + reply.describe()).isEqualTo(status);
    assertThat(reply.contentType())
        .as("An error should be answered as JSON, like every answer of the API. " + reply.describe())
        .startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(fieldNames(body))
        .as("An error's body should be {\"status\": ..., \"error\": \"...\"}: throw the kit's ApiError (Missing "
            + "and PathIds do) and let ErrorHandlers write it. " + reply.describe())
        .containsExactly("status", "error");
    assertThat(body.get("status").isInt() && body.get("status").intValue() == status)
        .as("The error's \"status\" should repeat the HTTP status %d as a number. %s", status, reply.describe())
        .isTrue();
    assertThat(body.get("error").isTextual() ? body.get("error").textValue() : "")
        .as("The error's \"error\" should be a sentence that tells the client what is wrong. " + reply.describe())
        .isNotBlank();
    for (String word : mentions) {
      assertThat(body.get("error").textValue())
          .as(advice + ". " + reply.describe())
          .containsIgnoringCase(word);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
