package lab.tagging.lab4;

import static lab.tagging.support.JsonChecks.assertJson;
import static lab.tagging.support.JsonChecks.json;
import static lab.tagging.support.JsonChecks.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lab.tagging.support.Api;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.skyscreamer.jsonassert.JSONCompareMode;

@Tag("lab4")
@DisplayName("Lab 4 · the tag's side: GET /tags")
class TagsJsonTest {

  // The reverse direction of the fact sheet (Tag.findByPk(1, { include: [Post] })), at fixed instants.
  static final String TAG_WITH_TWO_POSTS = """
      {"id":1,"name":"tagged!","createdAt":"2026-11-24T19:19:48.297Z","updatedAt":"2026-11-24T19:19:48.297Z",\
      "Posts":[\
      {"id":1,"text":"This is a post","createdAt":"2026-11-24T19:19:48.291Z","updatedAt":"2026-11-24T19:19:48.291Z",\
      "Itemtag":{"tag_id":1,"taggable":"post","taggable_id":1,\
      "createdAt":"2026-11-24T19:19:48.301Z","updatedAt":"2026-11-24T19:19:48.301Z"}},\
      {"id":2,"text":"Another post","createdAt":"2026-11-24T19:19:48.296Z","updatedAt":"2026-11-24T19:19:48.296Z",\
      "Itemtag":{"tag_id":1,"taggable":"post","taggable_id":2,\
      "createdAt":"2026-11-24T19:19:48.305Z","updatedAt":"2026-11-24T19:19:48.305Z"}}]}""";

  static final List<String> TAG_KEYS = List.of("id", "name", "createdAt", "updatedAt", "Posts");
  static final List<String> POST_KEYS = List.of("id", "text", "createdAt", "updatedAt", "Itemtag");
  static final List<String> ITEMTAG_KEYS = List.of("tag_id", "taggable", "taggable_id", "createdAt", "updatedAt");

  private static final String GET_TAGS = "GET /tags should answer 200 with every tag and its posts "
      + "(lab 4, tasks 1 and 2).";

  @RegisterExtension
  final Lab lab = new Lab();

  /** Tag 1 "tagged!" on posts 1 and 2, at fixed instants; linked with plain SQL, not lab 2's addTag. */
  private void tagOnTwoPosts(Api api) {
    long first = lab.newPost("This is a post");
    lab.clock().set("2026-11-24T19:19:48.296Z");
    long second = lab.newPost("Another post");
    lab.clock().set("2026-11-24T19:19:48.297Z");
    long tag = lab.newTag("tagged!");
    lab.rows().insertItemtag(tag, "post", first, "2026-11-24T19:19:48.301Z");
    lab.rows().insertItemtag(tag, "post", second, "2026-11-24T19:19:48.305Z");
  }

  @Test
  @Points(2)
  @DisplayName("GET /tags/{id} answers exactly the lesson's reverse-direction JSON, its posts under \"Posts\"")
  void getOneTagAnswersTheReverseJson() {
    lab.http(api -> {
      tagOnTwoPosts(api);

      Reply reply = api.get("/tags/1");

      json(reply, 200, "GET /tags/1 should answer 200 with the tag and its posts (lab 4, tasks 1 and 2).");
      assertJson(reply, TAG_WITH_TWO_POSTS, JSONCompareMode.STRICT,
          "GET /tags/1 should answer the fact sheet's reverse direction exactly: the tag's own columns, then "
              + "\"Posts\", each post with its own columns and the join row under \"Itemtag\". Key names come "
              + "from the annotations on TagWithPosts and PostWithItemtag, the values from LessonJson.tagWithPosts "
              + "(lab 4, task 2).");
    });
  }

  @Test
  @Points(1)
  @DisplayName("tag, post and Itemtag objects of GET /tags/{id} list their keys in the lesson's order")
  void keysComeInTheLessonsOrder() {
    lab.http(api -> {
      tagOnTwoPosts(api);

      JsonNode tag = json(api.get("/tags/1"), 200,
          "GET /tags/1 should answer 200 with the tag and its posts (lab 4, tasks 1 and 2).");

      assertThat(keys(tag))
          .as("A tag should list its keys as the lesson does: %s. Use @JsonPropertyOrder on "
              + "LessonJson.TagWithPosts (lab 4, task 2). The tag was: %s", TAG_KEYS, tag)
          .containsExactlyElementsOf(TAG_KEYS);
      JsonNode post = tag.path("Posts").path(0);
      assertThat(keys(post))
          .as("Each post in a tag's \"Posts\" should list its keys as the lesson does: %s. Use @JsonPropertyOrder "
              + "on LessonJson.PostWithItemtag (lab 4, task 2). The post was: %s", POST_KEYS, post)
          .containsExactlyElementsOf(POST_KEYS);
      JsonNode itemtag = post.path("Itemtag");
      assertThat(keys(itemtag))
          .as("A post's \"Itemtag\" should list its keys as the lesson does: %s. Build it with ItemtagJson.of "
              + "(lab 4, task 2). It was: %s", ITEMTAG_KEYS, itemtag)
          .containsExactlyElementsOf(ITEMTAG_KEYS);
    });
  }

  @Test
  @Points(2)
  @DisplayName("GET /tags lists every tag in id order, each tag's posts in id order")
  void getTagsListsTagsAndPostsInIdOrder() {
    lab.http(api -> {
      // Names, creation times and link times all disagree with the ids, so only an order by id passes.
      long first = lab.newPost("zebra");
      long second = lab.newPost("apple");
      long third = lab.newPost("mango");
      lab.clock().set("2026-11-24T19:19:50.000Z");
      long tag1 = lab.newTag("c");
      lab.clock().set("2026-11-24T19:19:49.000Z");
      long tag2 = lab.newTag("a");
      lab.clock().set("2026-11-24T19:19:48.000Z");
      long tag3 = lab.newTag("b");
      // Linked out of order on purpose: the table keeps rows in the order they came.
      lab.rows().insertItemtag(tag3, "post", second, "2026-11-24T19:19:51.001Z");
      lab.rows().insertItemtag(tag1, "post", third, "2026-11-24T19:19:51.002Z");
      lab.rows().insertItemtag(tag3, "post", first, "2026-11-24T19:19:51.003Z");
      lab.rows().insertItemtag(tag1, "post", first, "2026-11-24T19:19:51.004Z");
      lab.rows().insertItemtag(tag2, "post", second, "2026-11-24T19:19:51.005Z");

      JsonNode tags = json(api.get("/tags"), 200, GET_TAGS);

      assertThat(ids(tags))
          .as("GET /tags should list every tag in id order. End the query in TagQueries.findAllWithPosts with an "
              + "order by (lab 4, task 2). Got: %s", tags)
          .containsExactly(tag1, tag2, tag3);
      List<List<Long>> postsOfEachTag = new ArrayList<>();
      tags.forEach(tag -> postsOfEachTag.add(ids(tag.path("Posts"))));
      assertThat(postsOfEachTag)
          .as("Each tag's \"Posts\" should come in post id order, whatever order the links were made in. Order by "
              + "the post's id after the tag's in TagQueries.findAllWithPosts (lab 4, task 2). Got: %s", tags)
          .containsExactly(List.of(first, third), List.of(second), List.of(first, second));
    });
  }

  @Test
  @Points(1)
  @DisplayName("a tag on no post is listed with \"Posts\": [], not left out, missing the key or null")
  void unusedTagHasAnEmptyPostsArray() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long used = lab.newTag("used");
      long unused = lab.newTag("unused");
      lab.rows().insertItemtag(used, "post", post);

      JsonNode tags = json(api.get("/tags"), 200, GET_TAGS);
      JsonNode one = json(api.get("/tags/" + unused), 200,
          "GET /tags/" + unused + " should answer 200 with the tag even though it is on no post (lab 4, task 2).");

      assertThat(ids(tags))
          .as("GET /tags should list the unused tag too: use a left join in TagQueries.findAllWithPosts "
              + "(lab 4, task 2). Got: %s", tags)
          .containsExactlyInAnyOrder(used, unused);
      JsonNode listed = tags.path(ids(tags).indexOf(unused));
      for (JsonNode tag : List.of(listed, one)) {
        JsonNode posts = tag.get("Posts");
        assertThat(posts != null && posts.isArray() && posts.isEmpty())
            .as("A tag on no post should have \"Posts\": [], never a missing key or null. Give TagWithPosts an "
                + "empty list (lab 4, task 2). The tag was: %s", tag)
            .isTrue();
      }
    });
  }

  @Test
  @Points(1)
  @DisplayName("GET /tags/{id} answers a JSON error: 404 for an unknown id, 400 for one that is not a number")
  void getOneTagRefusesBadIds() {
    lab.http(api -> {
      lab.newTag("tagged!");

      Reply unknown = api.get("/tags/99");
      Reply notANumber = api.get("/tags/tagged");

      JsonNode error = json(unknown, 404,
          "GET /tags/99 names no tag, so it should answer 404 with a JSON error. TagQueries.findWithPosts should "
              + "return Optional.empty() then, not throw (lab 4, task 2).");
      assertThat(error.path("error").asText())
          .as("The 404 should say which tag is missing. %s", unknown.describe())
          .contains("tag 99");
      json(notANumber, 400, "GET /tags/tagged should be refused with 400: a tag id is a number.");
    });
  }

  @Test
  @Points(3)
  @DisplayName("a video's row (tag 1, 'video', 2) never makes post 2 one of tag 1's posts (the lesson's flaw 3)")
  void videoRowIsNotAPostOfTheTag() {
    lab.http(api -> {
      long first = lab.newPost("This is a post");
      long second = lab.newPost("Not tagged, but shares its id with a tagged video");
      long tag = lab.newTag("tagged!");
      lab.rows().insertItemtag(tag, "post", first);
      lab.rows().insertItemtag(tag, "video", second);

      JsonNode one = json(api.get("/tags/" + tag), 200,
          "GET /tags/" + tag + " should answer 200 with the tag and its posts (lab 4, tasks 1 and 2).");
      JsonNode all = json(api.get("/tags"), 200, GET_TAGS);

      String advice = "Tag %d is on post %d only. The row (tag %d, 'video', %d) tags a video, and post %d exists, "
          + "but must not appear among the tag's \"Posts\": that is the lesson's flaw 3, a Tag side without a scope. "
          + "Scope Tag.postItemtags to taggable = 'post' like Post.itemtags (lab 4, task 1), and read the posts "
          + "through it in TagQueries (task 2). Got: %s";
      assertThat(ids(one.path("Posts")))
          .as(advice, tag, first, tag, second, second, one)
          .containsExactly(first);
      assertThat(ids(all.path(0).path("Posts")))
          .as(advice, tag, first, tag, second, second, all)
          .containsExactly(first);
    });
  }

  @Test
  @Points(1)
  @DisplayName("both directions agree: each (post, tag) pair of GET /posts is in GET /tags/{id}, same Itemtag")
  void bothDirectionsAgree() {
    lab.http(api -> {
      long p1 = lab.newPost("one");
      long p2 = lab.newPost("two");
      long p3 = lab.newPost("three");
      long t1 = lab.newTag("red");
      long t2 = lab.newTag("green");
      long t3 = lab.newTag("blue");
      lab.rows().insertItemtag(t2, "post", p1, "2026-11-24T19:19:49.001Z");
      lab.rows().insertItemtag(t1, "post", p1, "2026-11-24T19:19:49.002Z");
      lab.rows().insertItemtag(t2, "post", p2, "2026-11-24T19:19:49.003Z");
      lab.rows().insertItemtag(t3, "post", p3, "2026-11-24T19:19:49.004Z");
      lab.rows().insertItemtag(t1, "video", p2, "2026-11-24T19:19:49.005Z");

      JsonNode posts = json(api.get("/posts"), 200,
          "GET /posts should answer 200 (lab 3); this test compares it with GET /tags/{id}.");
      Set<String> fromPosts = new LinkedHashSet<>();
      for (JsonNode post : posts) {
        for (JsonNode tag : post.path("Tags")) {
          fromPosts.add(pair(post.path("id").asLong(), tag.path("id").asLong(), tag.path("Itemtag")));
        }
      }
      Set<String> fromTags = new LinkedHashSet<>();
      for (long tagId : List.of(t1, t2, t3)) {
        JsonNode tag = json(api.get("/tags/" + tagId), 200,
            "GET /tags/" + tagId + " should answer 200 with the tag and its posts (lab 4, tasks 1 and 2).");
        for (JsonNode post : tag.path("Posts")) {
          fromTags.add(pair(post.path("id").asLong(), tagId, post.path("Itemtag")));
        }
      }

      assertThat(fromTags)
          .as("GET /posts and GET /tags/{id} should show the same links, each with the same \"Itemtag\": they read "
              + "the same 'post' rows from both ends (Post.itemtags and Tag.postItemtags, lab 4, task 1; "
              + "TagQueries and LessonJson.tagWithPosts, task 2). Pairs from GET /posts: %s", fromPosts)
          .containsExactlyInAnyOrderElementsOf(fromPosts);
      assertThat(fromPosts)
          .as("The links are (post 1, tag 2), (post 1, tag 1), (post 2, tag 2), (post 3, tag 3); the video row is "
              + "not one of them. Pairs from GET /posts: %s", fromPosts)
          .hasSize(4);
    });
  }

  @Test
  @Points(1)
  @DisplayName("GET /tags sends at most 2 SQL statements, for 1 tag as for 10 tags on 3 posts each (no N+1)")
  void getTagsSendsAtMostTwoStatements() {
    lab.http(api -> {
      tagOnNewPosts(api, 3);
      int forOne = statementsForGetTags(api, 1);
      String forOneListing = lab.sql().listing();
      for (int i = 2; i <= 10; i++) {
        tagOnNewPosts(api, 3);
      }

      int forTen = statementsForGetTags(api, 10);

      String advice = "GET /tags sent %d SQL statements for 1 tag and %d for 10 tags; it needs at most 2 whatever "
          + "the number of tags. A statement per tag or per post is the N+1 problem: fetch the join rows and their "
          + "posts in the same query as the tags (left join fetch, twice) in TagQueries.findAllWithPosts "
          + "(lab 4, task 2).\nFor 1 tag:%s\nFor 10 tags:%s";
      assertThat(Math.max(forOne, forTen))
          .as(advice, forOne, forTen, forOneListing, lab.sql().listing())
          .isLessThanOrEqualTo(2);
    });
  }

  /** A new tag on {@code count} new posts, linked with plain SQL. */
  private void tagOnNewPosts(Api api, int count) {
    long tag = lab.newTag("tag");
    for (int i = 1; i <= count; i++) {
      lab.rows().insertItemtag(tag, "post", lab.newPost("post " + i + " of tag " + tag));
    }
  }

  /** The statements GET /tags sends, after checking that it answered {@code tags} tags. */
  private int statementsForGetTags(Api api, int tags) {
    lab.sql().reset();
    JsonNode answer = json(api.get("/tags"), 200, GET_TAGS);
    int count = lab.sql().count();
    assertThat(answer.size())
        .as("GET /tags should list all %d tags. Got: %s", tags, answer)
        .isEqualTo(tags);
    return count;
  }

  private static String pair(long post, long tag, JsonNode itemtag) {
    return "(post " + post + ", tag " + tag + ", Itemtag " + itemtag + ")";
  }

  private static List<Long> ids(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode item : array) {
      ids.add(item.path("id").asLong());
    }
    return ids;
  }
}
