package lab.tagging.lab3;

import static lab.tagging.support.JsonChecks.assertJson;
import static lab.tagging.support.JsonChecks.json;
import static lab.tagging.support.JsonChecks.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.support.Api;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.skyscreamer.jsonassert.JSONCompareMode;

@Tag("lab3")
@DisplayName("Lab 3 · the lesson's JSON for GET /posts")
class PostsJsonTest {

  // The answer observed from the lesson's models (sequelize-observed.md), byte for byte.
  static final String LESSON_POSTS = """
      [{"id":1,"text":"This is a post","createdAt":"2026-11-24T19:19:48.291Z","updatedAt":"2026-11-24T19:19:48.291Z",\
      "Tags":[{"id":1,"name":"tagged!","createdAt":"2026-11-24T19:19:48.297Z","updatedAt":"2026-11-24T19:19:48.297Z",\
      "Itemtag":{"tag_id":1,"taggable":"post","taggable_id":1,\
      "createdAt":"2026-11-24T19:19:48.301Z","updatedAt":"2026-11-24T19:19:48.301Z"}}]},\
      {"id":2,"text":"Untagged post","createdAt":"2026-11-24T19:19:48.296Z","updatedAt":"2026-11-24T19:19:48.296Z",\
      "Tags":[]}]""";

  static final String LESSON_POST_1 = """
      {"id":1,"text":"This is a post","createdAt":"2026-11-24T19:19:48.291Z","updatedAt":"2026-11-24T19:19:48.291Z",\
      "Tags":[{"id":1,"name":"tagged!","createdAt":"2026-11-24T19:19:48.297Z","updatedAt":"2026-11-24T19:19:48.297Z",\
      "Itemtag":{"tag_id":1,"taggable":"post","taggable_id":1,\
      "createdAt":"2026-11-24T19:19:48.301Z","updatedAt":"2026-11-24T19:19:48.301Z"}}]}""";

  static final String LESSON_POST_2 = """
      {"id":2,"text":"Untagged post","createdAt":"2026-11-24T19:19:48.296Z","updatedAt":"2026-11-24T19:19:48.296Z",\
      "Tags":[]}""";

  static final List<String> POST_KEYS = List.of("id", "text", "createdAt", "updatedAt", "Tags");
  static final List<String> TAG_KEYS = List.of("id", "name", "createdAt", "updatedAt", "Itemtag");
  static final List<String> ITEMTAG_KEYS = List.of("tag_id", "taggable", "taggable_id", "createdAt", "updatedAt");

  @RegisterExtension
  final Lab lab = new Lab();

  /**
   * The lesson's run, at the instants it was observed: two posts, one tag, one link. The link
   * is written with plain SQL so that this lab does not depend on lab 2's addTag.
   */
  private void lessonScenario(Api api) {
    long post = lab.newPost("This is a post");
    lab.clock().set("2026-11-24T19:19:48.296Z");
    lab.newPost("Untagged post");
    lab.clock().set("2026-11-24T19:19:48.297Z");
    long tag = lab.newTag("tagged!");
    lab.rows().insertItemtag(tag, "post", post, "2026-11-24T19:19:48.301Z");
  }

  @Test
  @Points(3)
  @DisplayName("GET /posts answers exactly the lesson's JSON for its two posts and one tag")
  void getPostsAnswersTheLessonsJson() {
    lab.http(api -> {
      lessonScenario(api);

      Reply reply = api.get("/posts");

      json(reply, 200, "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).");
      assertJson(reply, LESSON_POSTS, JSONCompareMode.STRICT,
          "GET /posts should answer the lesson's JSON exactly: the same keys (\"Tags\", \"Itemtag\", "
              + "\"tag_id\", \"taggable_id\"), no extra keys, the same values and timestamps. Key names come from "
              + "the annotations on PostWithTags and TagWithItemtag (lab 3, task 1); the values from "
              + "LessonJson.postsWithTags (task 2).");
    });
  }

  @Test
  @Points(2)
  @DisplayName("post, tag and Itemtag objects list their keys in the lesson's order")
  void keysComeInTheLessonsOrder() {
    lab.http(api -> {
      lessonScenario(api);

      JsonNode posts = json(api.get("/posts"), 200,
          "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).");

      JsonNode post = posts.path(0);
      assertThat(keys(post))
          .as("Each post in GET /posts should list its keys as the lesson does: %s. Fix the order with "
              + "@JsonPropertyOrder on LessonJson.PostWithTags (lab 3, task 1). The first post was: %s",
              POST_KEYS, post)
          .containsExactlyElementsOf(POST_KEYS);
      JsonNode tag = post.path("Tags").path(0);
      assertThat(keys(tag))
          .as("Each tag in a post's \"Tags\" should list its keys as the lesson does: %s. Fix the order with "
              + "@JsonPropertyOrder on LessonJson.TagWithItemtag (lab 3, task 1). The tag was: %s", TAG_KEYS, tag)
          .containsExactlyElementsOf(TAG_KEYS);
      JsonNode itemtag = tag.path("Itemtag");
      assertThat(keys(itemtag))
          .as("A tag's \"Itemtag\" should list its keys as the lesson does: %s. Build it with ItemtagJson.of, "
              + "the kit's worked example (lab 3, task 2). It was: %s", ITEMTAG_KEYS, itemtag)
          .containsExactlyElementsOf(ITEMTAG_KEYS);
    });
  }

  @Test
  @Points(2)
  @DisplayName("timestamps always have three fraction digits and a Z, even on a whole second")
  void timestampsHaveThreeFractionDigits() {
    lab.http(api -> {
      lab.clock().set("2026-11-24T19:19:48.000Z");
      long post = lab.newPost("On the second");
      lab.clock().set("2026-11-24T19:19:48.290Z");
      long tag = lab.newTag("trailing zero");
      lab.rows().insertItemtag(tag, "post", post, "2026-11-24T19:20:00.000Z");

      JsonNode posts = json(api.get("/posts"), 200,
          "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).");

      String advice = "Timestamps should look like the lesson's: UTC, three fraction digits, a Z "
          + "(2026-11-24T19:19:48.000Z). Jackson's default drops the fraction on a whole second; put "
          + "@LessonTimestamp on every Instant of PostWithTags and TagWithItemtag (lab 3, task 1). Got: ";
      JsonNode first = posts.path(0);
      JsonNode firstTag = first.path("Tags").path(0);
      assertThat(List.of(first.path("createdAt").asText(), first.path("updatedAt").asText()))
          .as(advice + "post %s", first)
          .containsExactly("2026-11-24T19:19:48.000Z", "2026-11-24T19:19:48.000Z");
      assertThat(List.of(firstTag.path("createdAt").asText(), firstTag.path("updatedAt").asText()))
          .as(advice + "tag %s", firstTag)
          .containsExactly("2026-11-24T19:19:48.290Z", "2026-11-24T19:19:48.290Z");
      JsonNode itemtag = firstTag.path("Itemtag");
      assertThat(List.of(itemtag.path("createdAt").asText(), itemtag.path("updatedAt").asText()))
          .as(advice + "Itemtag %s", itemtag)
          .containsExactly("2026-11-24T19:20:00.000Z", "2026-11-24T19:20:00.000Z");
    });
  }

  @Test
  @Points(2)
  @DisplayName("a post without tags has \"Tags\": [], not a missing key or null")
  void untaggedPostHasAnEmptyTagsArray() {
    lab.http(api -> {
      lab.newPost("Untagged post");

      JsonNode posts = json(api.get("/posts"), 200,
          "GET /posts should answer 200 with every post, tagged or not (lab 3, tasks 2 and 3).");

      assertThat(posts.size())
          .as("GET /posts should list the one post even though it has no tags: use a left join in "
              + "PostQueries.findAllWithTags (lab 3, task 3). Got: %s", posts)
          .isEqualTo(1);
      JsonNode tags = posts.path(0).get("Tags");
      assertThat(tags != null && tags.isArray() && tags.isEmpty())
          .as("A post without tags should have \"Tags\": [] as the lesson shows, never a missing key or null. "
              + "Give PostWithTags an empty list, not null (lab 3, task 2). The post was: %s", posts.path(0))
          .isTrue();
    });
  }

  @Test
  @Points(2)
  @DisplayName("posts come in id order, and each post's tags in id order whatever order they were linked in")
  void postsAndTagsComeInIdOrder() {
    lab.http(api -> {
      // Names, creation times and link times all disagree with the ids, so only an order by id passes.
      lab.clock().set("2026-11-24T19:19:50.000Z");
      long first = lab.newPost("zebra");
      lab.clock().set("2026-11-24T19:19:49.000Z");
      long second = lab.newPost("apple");
      lab.clock().set("2026-11-24T19:19:48.000Z");
      long third = lab.newPost("mango");
      long tag1 = lab.newTag("c");
      long tag2 = lab.newTag("a");
      long tag3 = lab.newTag("b");
      // Linked out of order on purpose: the table keeps rows in the order they came.
      lab.rows().insertItemtag(tag3, "post", first, "2026-11-24T19:19:51.001Z");
      lab.rows().insertItemtag(tag1, "post", first, "2026-11-24T19:19:51.003Z");
      lab.rows().insertItemtag(tag2, "post", first, "2026-11-24T19:19:51.002Z");
      lab.rows().insertItemtag(tag2, "post", third, "2026-11-24T19:19:51.004Z");
      lab.rows().insertItemtag(tag1, "post", third, "2026-11-24T19:19:51.005Z");

      JsonNode posts = json(api.get("/posts"), 200,
          "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).");

      assertThat(ids(posts))
          .as("GET /posts should list the posts in id order. End the query in PostQueries.findAllWithTags "
              + "with an order by (lab 3, task 3). Got: %s", posts)
          .containsExactly(first, second, third);
      assertThat(List.of(ids(posts.path(0).path("Tags")), ids(posts.path(2).path("Tags"))))
          .as("Each post's \"Tags\" should come in tag id order, whatever order the links were made in. "
              + "Order by the tag's id after the post's in PostQueries.findAllWithTags (lab 3, task 3). Got: %s",
              posts)
          .containsExactly(List.of(tag1, tag2, tag3), List.of(tag1, tag2));
    });
  }

  @Test
  @Points(1)
  @DisplayName("a tag's Itemtag has exactly tag_id, taggable, taggable_id, createdAt and updatedAt")
  void itemtagHasExactlyFiveKeys() {
    lab.http(api -> {
      long post = lab.newPost("tagged twice");
      long first = lab.newTag("first");
      long second = lab.newTag("second");
      lab.rows().insertItemtag(first, "post", post, "2026-11-24T19:19:49.001Z");
      lab.rows().insertItemtag(second, "post", post, "2026-11-24T19:19:49.002Z");

      JsonNode tags = json(api.get("/posts"), 200,
          "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).")
          .path(0).path("Tags");

      assertThat(tags.size())
          .as("The post has two tags, so its \"Tags\" should hold two objects. Got: %s", tags)
          .isEqualTo(2);
      for (JsonNode tag : tags) {
        assertThat(tag.path("Itemtag").isObject() ? keys(tag.path("Itemtag")) : List.of())
            .as("Each tag should carry its join row under \"Itemtag\" with exactly the lesson's five keys and no "
                + "id: the join row has none of its own. Build it with ItemtagJson.of (lab 3, task 2). Got: %s", tag)
            .containsExactlyInAnyOrderElementsOf(ITEMTAG_KEYS);
        assertThat(List.of(tag.path("Itemtag").path("tag_id").asLong(), tag.path("Itemtag").path("taggable_id")
            .asLong()))
            .as("Each tag's \"Itemtag\" should be the row that links that tag to that post. Got: %s", tag)
            .containsExactly(tag.path("id").asLong(), post);
      }
    });
  }

  @Test
  @Points(2)
  @DisplayName("a join row of another scope ('video') never appears among a post's Tags")
  void anotherScopesRowIsNotAPostsTag() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      long videoOnly = lab.newTag("video only");
      lab.rows().insertItemtag(tag, "post", post);
      // A video that happens to have the post's id, tagged with both tags.
      lab.rows().insertItemtag(tag, "video", post);
      lab.rows().insertItemtag(videoOnly, "video", post);

      JsonNode posts = json(api.get("/posts"), 200,
          "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).");

      JsonNode tags = posts.path(0).path("Tags");
      assertThat(ids(tags))
          .as("Post %d has one tag. The rows (tag %d, 'video', %d) and (tag %d, 'video', %d) tag a video that shares "
              + "the post's id, and must not show up among the post's \"Tags\". Read the tags through "
              + "Post.itemtags (scoped to 'post' in lab 1) and do not join Itemtags without the scope in "
              + "PostQueries.findAllWithTags (lab 3, task 3). Got: %s", post, tag, post, videoOnly, post, posts)
          .containsExactly(tag);
      assertThat(tags.path(0).path("Itemtag").path("taggable").asText())
          .as("The one tag's \"Itemtag\" should be the post's row, with taggable 'post'. Got: %s", tags)
          .isEqualTo("post");
    });
  }

  @Test
  @Points(2)
  @DisplayName("GET /posts/{id} answers that one post exactly as GET /posts shows it")
  void getOnePostAnswersThatPost() {
    lab.http(api -> {
      lessonScenario(api);

      Reply tagged = api.get("/posts/1");
      Reply untagged = api.get("/posts/2");

      json(tagged, 200, "GET /posts/1 should answer 200 with the post and its tags (lab 3, tasks 2 and 3).");
      assertJson(tagged, LESSON_POST_1, JSONCompareMode.STRICT,
          "GET /posts/1 should answer one object, the first post of the lesson's JSON, not a list. Use "
              + "LessonJson.postWithTags and PostQueries.findWithTags (lab 3, tasks 2 and 3).");
      json(untagged, 200, "GET /posts/2 should answer 200 with the post and its tags (lab 3, tasks 2 and 3).");
      assertJson(untagged, LESSON_POST_2, JSONCompareMode.STRICT,
          "GET /posts/2 should answer the lesson's untagged post, with \"Tags\": []. Check that "
              + "PostQueries.findWithTags looks for the id it is given (lab 3, task 3).");
    });
  }

  @Test
  @Points(1)
  @DisplayName("GET /posts/{id} answers a JSON error: 404 for an unknown id, 400 for one that is not a number")
  void getOnePostRefusesBadIds() {
    lab.http(api -> {
      lab.newPost("This is a post");

      Reply unknown = api.get("/posts/99");
      Reply notANumber = api.get("/posts/first");

      JsonNode error = json(unknown, 404,
          "GET /posts/99 names no post, so it should answer 404 with a JSON error. PostQueries.findWithTags should "
              + "return Optional.empty() then, not throw (uniqueResultOptional does that; lab 3, task 3).");
      assertThat(error.path("error").asText())
          .as("The 404 should say which post is missing. %s", unknown.describe())
          .contains("post 99");
      json(notANumber, 400, "GET /posts/first should be refused with 400: a post id is a number.");
    });
  }

  private static List<Long> ids(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode item : array) {
      ids.add(item.path("id").asLong());
    }
    return ids;
  }
}
