package lab.tagging.hidden;

import static lab.tagging.hidden.HiddenChecks.assertStrictJson;
import static lab.tagging.hidden.HiddenChecks.ids;
import static lab.tagging.hidden.HiddenChecks.itemtag;
import static lab.tagging.hidden.HiddenChecks.json;
import static lab.tagging.hidden.HiddenChecks.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("hidden")
@Tag("lab3")
@DisplayName("Hidden · Lab 3 · GET /posts with other ids, orders and texts")
class PostsJsonHiddenTest {

  private static final String GET_POSTS = "GET /posts should answer 200 with every post and its tags "
      + "(lab 3, tasks 2 and 3).";

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(1)
  @DisplayName("GET /posts answers the exact JSON of posts 2 to 4, with each post's, tag's and link's own timestamps")
  void getPostsAnswersExactJsonForOtherIds() {
    lab.http(api -> {
      // Post 1 and tag 1 are made and deleted, so the first post and the first tag listed have id 2.
      long gone = lab.newPost("deleted before the test");
      long goneTag = lab.newTag("deleted before the test");
      lab.rows().delete("Posts", gone);
      lab.rows().delete("Tags", goneTag);
      lab.clock().set("2026-01-05T08:00:00.000Z");
      long p2 = lab.newPost("a post");
      lab.clock().set("2026-01-05T08:00:01.001Z");
      long p3 = lab.newPost("b post");
      lab.clock().set("2026-01-05T08:00:02.020Z");
      long p4 = lab.newPost("c post");
      lab.clock().set("2026-01-06T09:30:00.300Z");
      long t2 = lab.newTag("a tag");
      lab.clock().set("2026-01-06T09:30:04.000Z");
      long t3 = lab.newTag("b tag");
      lab.clock().set("2026-01-06T09:30:05.005Z");
      long t4 = lab.newTag("c tag");
      lab.rows().insertItemtag(t2, "post", p2, "2026-01-07T10:00:00.000Z");
      lab.rows().insertItemtag(t4, "post", p2, "2026-01-07T10:00:00.007Z");
      lab.rows().insertItemtag(t3, "post", p3, "2026-01-07T10:00:00.070Z");
      lab.rows().insertItemtag(t4, "post", p3, "2026-01-07T10:00:00.700Z");

      Reply reply = api.get("/posts");

      json(reply, 200, GET_POSTS);
      String expected = "["
          + post(p2, "a post", "2026-01-05T08:00:00.000Z",
              tag(t2, "a tag", "2026-01-06T09:30:00.300Z", itemtag(t2, p2, "2026-01-07T10:00:00.000Z")) + ","
              + tag(t4, "c tag", "2026-01-06T09:30:05.005Z", itemtag(t4, p2, "2026-01-07T10:00:00.007Z"))) + ","
          + post(p3, "b post", "2026-01-05T08:00:01.001Z",
              tag(t3, "b tag", "2026-01-06T09:30:04.000Z", itemtag(t3, p3, "2026-01-07T10:00:00.070Z")) + ","
              + tag(t4, "c tag", "2026-01-06T09:30:05.005Z", itemtag(t4, p3, "2026-01-07T10:00:00.700Z"))) + ","
          + post(p4, "c post", "2026-01-05T08:00:02.020Z", "")
          + "]";
      assertStrictJson(reply, expected,
          "GET /posts should show every value as stored: ids as they are in the database (here they start at 2, "
              + "not 1), each post's and tag's own createdAt and updatedAt, and under \"Itemtag\" the join row's own "
              + "tag_id, taggable_id and timestamps (ItemtagJson.of(row)). A tag on two posts has a different "
              + "Itemtag under each. Build the records from the entities in LessonJson.postsWithTags, nothing fixed "
              + "or counted (lab 3, task 2)");
    });
  }

  @Test
  @Points(1)
  @DisplayName("posts and each post's tags are ordered by id, not by text, name, time or the order of linking")
  void orderIsByIdOnly() {
    lab.http(api -> {
      // Texts, names and every timestamp run the other way from the ids.
      lab.clock().set("2026-03-03T00:00:00.000Z");
      long p1 = lab.newPost("zulu");
      lab.clock().set("2026-03-02T00:00:00.000Z");
      long p2 = lab.newPost("mike");
      lab.clock().set("2026-03-01T00:00:00.000Z");
      long p3 = lab.newPost("alpha");
      lab.clock().set("2026-02-04T00:00:00.000Z");
      long t1 = lab.newTag("zulu");
      lab.clock().set("2026-02-03T00:00:00.000Z");
      long t2 = lab.newTag("mike");
      lab.clock().set("2026-02-02T00:00:00.000Z");
      long t3 = lab.newTag("alpha");
      lab.clock().set("2026-02-01T00:00:00.000Z");
      long t4 = lab.newTag("bravo");
      lab.rows().insertItemtag(t3, "post", p3, "2026-04-09T00:00:00.000Z");
      lab.rows().insertItemtag(t3, "post", p1, "2026-04-03T00:00:00.000Z");
      lab.rows().insertItemtag(t1, "post", p1, "2026-04-08T00:00:00.000Z");
      lab.rows().insertItemtag(t4, "post", p3, "2026-04-01T00:00:00.000Z");
      lab.rows().insertItemtag(t2, "post", p1, "2026-04-05T00:00:00.000Z");
      lab.rows().insertItemtag(t2, "post", p3, "2026-04-02T00:00:00.000Z");

      JsonNode posts = json(api.get("/posts"), 200, GET_POSTS);

      List<Object> order = new ArrayList<>();
      order.add(ids(posts));
      posts.forEach(post -> order.add(ids(post.path("Tags"))));
      assertThat(order)
          .as("GET /posts should list the posts by id, and each post's \"Tags\" by tag id. Here the texts, names "
              + "and timestamps sort the other way and the links were made out of order, so only "
              + "\"order by p.id, <the tag's id>\" at the end of the query in PostQueries.findAllWithTags gives this "
              + "(lab 3, task 3). Expected [post ids, tags of post %d, of post %d, of post %d]. Got: %s",
              p1, p2, p3, posts)
          .containsExactly(List.of(p1, p2, p3), List.of(t1, t2, t3), List.of(), List.of(t2, t3, t4));
    });
  }

  @Test
  @Points(1)
  @DisplayName("texts and names with quotes, backslashes, line breaks, accents and emoji come back exactly")
  void unusualTextsRoundTrip() {
    String text = "She said \"tag it!\" \\ then left: naïve café, Ærøskøbing, 日本語 🏷️🚀";
    String name = "\"quoted\" <b>&amp;</b> ✓ 👍🏽";
    String other = "line one\nline two\ttabbed \\n not a break";
    lab.http(api -> {
      long post = lab.newPost(text);
      long tag = lab.newTag(name);
      long second = lab.newTag(other);
      lab.rows().insertItemtag(tag, "post", post);
      lab.rows().insertItemtag(second, "post", post);

      Reply reply = api.get("/posts");

      json(reply, 200, GET_POSTS);
      String expected = "[" + post(post, text, Lab.START,
          tag(tag, name, Lab.START, itemtag(tag, post, Lab.START)) + ","
              + tag(second, other, Lab.START, itemtag(second, post, Lab.START))) + "]";
      assertStrictJson(reply, expected,
          "A post's text and a tag's name should reach the JSON exactly as they were stored, however unusual: "
              + "quotes, backslashes, line breaks, accents and emoji included. Put the entity's values into the "
              + "records and let Jackson write them; never build JSON by gluing strings, and never trim, "
              + "lower-case or re-encode a value (lab 3, task 2)");
    });
  }

  @Test
  @Points(1)
  @DisplayName("GET /posts/{id} shows only the post's own tags, never a video's rows with the same id or tag")
  void getOnePostIgnoresOtherScopes() {
    lab.http(api -> {
      long other = lab.newPost("another post");
      long post = lab.newPost("This is a post");
      long tagged = lab.newTag("on the post");
      long videoTag = lab.newTag("on the video");
      lab.rows().insertItemtag(tagged, "video", post, "2026-11-24T19:19:49.000Z");
      lab.rows().insertItemtag(videoTag, "video", post, "2026-11-24T19:19:49.001Z");
      lab.rows().insertItemtag(tagged, "post", post, "2026-11-24T19:19:49.002Z");
      lab.rows().insertItemtag(videoTag, "post", other, "2026-11-24T19:19:49.003Z");

      Reply reply = api.get("/posts/" + post);

      json(reply, 200, "GET /posts/" + post + " should answer 200 with the post and its tags (lab 3, tasks 2 and 3).");
      String expected = post(post, "This is a post", Lab.START,
          tag(tagged, "on the post", Lab.START, itemtag(tagged, post, "2026-11-24T19:19:49.002Z")));
      assertStrictJson(reply, expected,
          "Post " + post + " has exactly one tag, " + tagged + ", through its row with taggable = 'post'. Video "
              + post + " shares the post's id and has tags " + tagged + " and " + videoTag + ": neither of its rows "
              + "may appear, nor duplicate the post's tag or replace its Itemtag. Read the tags through "
              + "Post.itemtags (scoped in lab 1) in PostQueries.findWithTags, and never join Itemtags on "
              + "taggable_id alone (lab 3, task 3)");
    });
  }

  @Test
  @Points(1)
  @DisplayName("GET /posts/{id} sends at most 2 SQL statements for a post with eight tags")
  void getOnePostSendsAtMostTwoStatements() {
    lab.http(api -> {
      long post = lab.newPost("many tags");
      lab.newPost("no tags");
      for (int i = 1; i <= 8; i++) {
        lab.rows().insertItemtag(lab.newTag("tag " + i), "post", post);
      }

      lab.sql().reset();
      JsonNode answer = json(api.get("/posts/" + post), 200,
          "GET /posts/" + post + " should answer 200 with the post and its tags (lab 3, tasks 2 and 3).");
      int count = lab.sql().count();

      assertThat(answer.path("Tags").size())
          .as("Post %d has eight tags. Got: %s", post, answer)
          .isEqualTo(8);
      assertThat(count)
          .as("GET /posts/%d sent %d SQL statements for one post with eight tags; like GET /posts it needs at most "
              + "2. session.find followed by walking post.getItemtags() and each row's tag loads them one by one "
              + "(N+1). Use the same fetch-join query as findAllWithTags, with \"where p.id = :id\", in "
              + "PostQueries.findWithTags (lab 3, task 3). The statements were:%s", post, count, lab.sql().listing())
          .isBetween(1, 2);
    });
  }

  private static String post(long id, String text, String at, String tags) {
    return "{\"id\":" + id + ",\"text\":" + quoted(text) + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at
        + "\",\"Tags\":[" + tags + "]}";
  }

  private static String tag(long id, String name, String at, String itemtag) {
    return "{\"id\":" + id + ",\"name\":" + quoted(name) + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at
        + "\",\"Itemtag\":" + itemtag + "}";
  }
}
