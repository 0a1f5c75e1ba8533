package lab.tagging.lab3;

import static lab.tagging.support.JsonChecks.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import lab.tagging.support.Api;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("lab3")
@DisplayName("Lab 3 · one query behind GET /posts")
class PostsQueryTest {

  private static final String N_PLUS_ONE = "Fetch the join rows and their tags in the same query as the posts "
      + "(left join fetch, twice) in PostQueries.findAllWithTags (lab 3, task 3), so that building the JSON never "
      + "goes back to the database.";

  @RegisterExtension
  final Lab lab = new Lab();

  /** A new post with {@code count} new tags, linked with plain SQL. */
  private void postWithTags(Api api, int count) {
    long post = lab.newPost("post with " + count + " tags");
    for (int i = 1; i <= count; i++) {
      lab.rows().insertItemtag(lab.newTag("tag " + i + " of post " + post), "post", post);
    }
  }

  /** The statements GET /posts sends, after checking that it answered {@code posts} posts. */
  private int statementsForGetPosts(Api api, int posts) {
    lab.sql().reset();
    JsonNode answer = json(api.get("/posts"), 200,
        "GET /posts should answer 200 with every post and its tags (lab 3, tasks 2 and 3).");
    int count = lab.sql().count();
    assertThat(answer.size())
        .as("GET /posts should list all %d posts. Got: %s", posts, answer)
        .isEqualTo(posts);
    return count;
  }

  @Test
  @Points(2)
  @DisplayName("GET /posts sends at most 2 SQL statements")
  void getPostsSendsAtMostTwoStatements() {
    lab.http(api -> {
      postWithTags(api, 3);
      postWithTags(api, 3);

      int count = statementsForGetPosts(api, 2);

      assertThat(count)
          .as("GET /posts for 2 posts with 3 tags each sent %d SQL statements; it needs at most 2. %s "
              + "The statements were:%s", count, N_PLUS_ONE, lab.sql().listing())
          .isBetween(1, 2);
    });
  }

  @Test
  @Points(1)
  @DisplayName("GET /posts sends as many SQL statements for 10 posts with 3 tags each as for 1 post (no N+1)")
  void getPostsStatementCountDoesNotGrowWithPosts() {
    lab.http(api -> {
      postWithTags(api, 3);
      int forOne = statementsForGetPosts(api, 1);
      String forOneListing = lab.sql().listing();
      for (int i = 2; i <= 10; i++) {
        postWithTags(api, 3);
      }

      int forTen = statementsForGetPosts(api, 10);

      assertThat(forTen)
          .as("GET /posts sent %d SQL statements for 1 post but %d for 10 posts: a statement per post or per tag "
              + "is the N+1 problem. %s\nFor 1 post:%s\nFor 10 posts:%s",
              forOne, forTen, N_PLUS_ONE, forOneListing, lab.sql().listing())
          .isEqualTo(forOne);
    });
  }
}
