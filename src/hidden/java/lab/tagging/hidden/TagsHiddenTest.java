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
import lab.tagging.support.Rows.Link;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("hidden")
@Tag("lab4")
@DisplayName("Hidden · Lab 4 · GET /tags and removing links with other ids and orders")
class TagsHiddenTest {

  private static final String GET_TAGS = "GET /tags should answer 200 with every tag and its posts "
      + "(lab 4, tasks 1 and 2).";

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(2)
  @DisplayName("GET /tags answers the exact JSON of tags 2 to 5, with each tag's, post's and link's own timestamps")
  void getTagsAnswersExactJsonForOtherIds() {
    lab.http(api -> {
      // Post 1 and tag 1 are made and deleted, so the first tag and the first post listed have id 2.
      long gone = lab.newPost("deleted before the test");
      long goneTag = lab.newTag("deleted before the test");
      lab.rows().delete("Posts", gone);
      lab.rows().delete("Tags", goneTag);
      lab.clock().set("2026-05-01T07:00:00.000Z");
      long p2 = lab.newPost("a post ✓");
      lab.clock().set("2026-05-01T07:00:00.090Z");
      long p3 = lab.newPost("b post \"quoted\"");
      lab.clock().set("2026-05-02T07:00:01.000Z");
      long t2 = lab.newTag("a tag");
      lab.clock().set("2026-05-02T07:00:02.002Z");
      long t3 = lab.newTag("b tag, on no post");
      lab.clock().set("2026-05-02T07:00:03.030Z");
      long t4 = lab.newTag("c tag 🏷️");
      lab.clock().set("2026-05-02T07:00:04.400Z");
      long t5 = lab.newTag("d tag");
      lab.rows().insertItemtag(t2, "post", p2, "2026-05-03T00:00:00.000Z");
      lab.rows().insertItemtag(t2, "post", p3, "2026-05-03T00:00:00.001Z");
      lab.rows().insertItemtag(t4, "post", p3, "2026-05-03T00:00:00.010Z");
      lab.rows().insertItemtag(t5, "post", p2, "2026-05-03T00:00:00.100Z");

      Reply reply = api.get("/tags");

      json(reply, 200, GET_TAGS);
      String a = "2026-05-01T07:00:00.000Z";
      String b = "2026-05-01T07:00:00.090Z";
      String expected = "["
          + tag(t2, "a tag", "2026-05-02T07:00:01.000Z",
              post(p2, "a post ✓", a, itemtag(t2, p2, "2026-05-03T00:00:00.000Z")) + ","
              + post(p3, "b post \"quoted\"", b, itemtag(t2, p3, "2026-05-03T00:00:00.001Z"))) + ","
          + tag(t3, "b tag, on no post", "2026-05-02T07:00:02.002Z", "") + ","
          + tag(t4, "c tag 🏷️", "2026-05-02T07:00:03.030Z",
              post(p3, "b post \"quoted\"", b, itemtag(t4, p3, "2026-05-03T00:00:00.010Z"))) + ","
          + tag(t5, "d tag", "2026-05-02T07:00:04.400Z",
              post(p2, "a post ✓", a, itemtag(t5, p2, "2026-05-03T00:00:00.100Z")))
          + "]";
      assertStrictJson(reply, expected,
          "GET /tags should show every value as stored: ids as they are in the database (here they start at 2), "
              + "each tag's and post's own text, name, createdAt and updatedAt, \"Posts\": [] for a tag on no post, "
              + "and under each post the \"Itemtag\" that links it to that tag, with the row's own tag_id, "
              + "taggable_id and timestamps. A post on two tags has a different Itemtag under each. Build the "
              + "records from the entities in LessonJson.tagsWithPosts (lab 4, task 2)");
    });
  }

  @Test
  @Points(1)
  @DisplayName("tags and each tag's posts are ordered by id, not by name, text, time or the order of linking")
  void orderIsByIdOnly() {
    lab.http(api -> {
      // Texts, names and every timestamp run the other way from the ids.
      lab.clock().set("2026-06-04T00:00:00.000Z");
      long p1 = lab.newPost("zulu");
      lab.clock().set("2026-06-03T00:00:00.000Z");
      long p2 = lab.newPost("mike");
      lab.clock().set("2026-06-02T00:00:00.000Z");
      long p3 = lab.newPost("bravo");
      lab.clock().set("2026-06-01T00:00:00.000Z");
      long p4 = lab.newPost("alpha");
      lab.clock().set("2026-05-03T00:00:00.000Z");
      long t1 = lab.newTag("zulu");
      lab.clock().set("2026-05-02T00:00:00.000Z");
      long t2 = lab.newTag("mike");
      lab.clock().set("2026-05-01T00:00:00.000Z");
      long t3 = lab.newTag("alpha");
      lab.rows().insertItemtag(t3, "post", p4, "2026-07-09T00:00:00.000Z");
      lab.rows().insertItemtag(t1, "post", p3, "2026-07-03T00:00:00.000Z");
      lab.rows().insertItemtag(t1, "post", p1, "2026-07-08T00:00:00.000Z");
      lab.rows().insertItemtag(t3, "post", p2, "2026-07-07T00:00:00.000Z");
      lab.rows().insertItemtag(t1, "post", p2, "2026-07-05T00:00:00.000Z");
      lab.rows().insertItemtag(t3, "post", p1, "2026-07-08T00:00:00.000Z");

      JsonNode tags = json(api.get("/tags"), 200, GET_TAGS);

      List<Object> order = new ArrayList<>();
      order.add(ids(tags));
      tags.forEach(tag -> order.add(ids(tag.path("Posts"))));
      assertThat(order)
          .as("GET /tags should list the tags by id, and each tag's \"Posts\" by post id. Here the names, texts "
              + "and timestamps sort the other way and the links were made out of order, so only "
              + "\"order by t.id, <the post's id>\" at the end of the query in TagQueries.findAllWithPosts gives "
              + "this (lab 4, task 2). Expected [tag ids, posts of tag %d, of tag %d, of tag %d]. Got: %s",
              t1, t2, t3, tags)
          .containsExactly(List.of(t1, t2, t3), List.of(p1, p2, p3), List.of(), List.of(p1, p2, p4));
    });
  }

  @Test
  @Points(1)
  @DisplayName("a video's row with the same tag and id as a tagged post neither repeats the post nor takes its Itemtag")
  void videoRowWithTheSameKeysDoesNotLeak() {
    lab.http(api -> {
      long first = lab.newPost("first");
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      // Video 2 has tag 1 too. Its row comes first and differs from the post's only in taggable.
      lab.rows().insertItemtag(tag, "video", post, "2026-11-24T19:19:49.000Z");
      lab.rows().insertItemtag(tag, "post", post, "2026-11-24T19:19:49.500Z");
      lab.rows().insertItemtag(tag, "video", first, "2026-11-24T19:19:49.900Z");

      Reply one = api.get("/tags/" + tag);
      Reply all = api.get("/tags");

      String expected = tag(tag, "tagged!", Lab.START,
          post(post, "This is a post", Lab.START, itemtag(tag, post, "2026-11-24T19:19:49.500Z")));
      String advice = "Tag " + tag + " is on post " + post + " only, through its row with taggable = 'post'. The "
          + "rows (tag " + tag + ", 'video', " + post + ") and (tag " + tag + ", 'video', " + first + ") tag videos "
          + "that share ids with posts: they must not add a post, repeat post " + post + " or show up as its "
          + "Itemtag. Scope Tag.postItemtags to taggable = 'post' (lab 4, task 1) and read the posts only through "
          + "it in TagQueries (task 2)";
      json(one, 200, "GET /tags/" + tag + " should answer 200 with the tag and its posts (lab 4, tasks 1 and 2).");
      assertStrictJson(one, expected, advice);
      json(all, 200, GET_TAGS);
      assertStrictJson(all, "[" + expected + "]", advice);
    });
  }

  @Test
  @Points(1)
  @DisplayName("removing the middle one of a post's three tags removes exactly that link, not the first or last")
  void removingTheMiddleTagRemovesThatLink() {
    lab.http(api -> {
      long other = lab.newPost("another post");
      long post = lab.newPost("three tags");
      long t1 = lab.newTag("one");
      long t2 = lab.newTag("two");
      long t3 = lab.newTag("three");
      lab.rows().insertItemtag(t3, "post", post);
      lab.rows().insertItemtag(t1, "post", post);
      lab.rows().insertItemtag(t2, "post", post);
      lab.rows().insertItemtag(t2, "post", other);
      List<Link> before = lab.rows().itemtags();

      Reply reply = api.delete("/posts/" + post + "/tags/" + t2);

      assertThat(reply.status())
          .as("Removing a tag the post has should answer 204 (lab 4, task 3). %s", reply.describe())
          .isEqualTo(204);
      List<Link> expected = new ArrayList<>(before);
      expected.removeIf(link -> link.tagId() == t2 && link.taggableId() == post && link.taggable().equals("post"));
      assertThat(lab.rows().itemtags())
          .as("Post %d has tags %d, %d and %d; removing tag %d should delete exactly the row (%d, 'post', %d). Its "
              + "other two rows stay, and so does tag %d's row on post %d. Post.removeTag should find the row of "
              + "that tag (compare tag ids, as findItemtag does) and take it out of itemtags, not the first or the "
              + "last row (lab 4, task 3). Rows before: %s", post, t1, t2, t3, t2, t2, post, t2, other, before)
          .containsExactlyElementsOf(expected);
    });
  }

  private static String tag(long id, String name, String at, String posts) {
    return "{\"id\":" + id + ",\"name\":" + quoted(name) + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at
        + "\",\"Posts\":[" + posts + "]}";
  }

  private static String post(long id, String text, String at, String itemtag) {
    return "{\"id\":" + id + ",\"text\":" + quoted(text) + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at
        + "\",\"Itemtag\":" + itemtag + "}";
  }
}
