package lab.tagging.lab4;

import static lab.tagging.support.JsonChecks.json;
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

@Tag("lab4")
@DisplayName("Lab 4 · removing links, posts and tags")
class RemovalsTest {

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(2)
  @DisplayName("DELETE /posts/{id}/tags/{tid} answers 204 and removes that one link, keeping the post and the tag")
  void removingATagRemovesThatLinkOnly() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long other = lab.newPost("Another post");
      long tag = lab.newTag("tagged!");
      long second = lab.newTag("second");
      lab.rows().insertItemtag(tag, "post", post);
      lab.rows().insertItemtag(second, "post", post);
      lab.rows().insertItemtag(tag, "post", other);
      lab.rows().insertItemtag(tag, "video", post);
      List<Link> before = lab.rows().itemtags();

      Reply reply = api.delete("/posts/" + post + "/tags/" + tag);

      assertThat(reply.status())
          .as("Removing a tag the post has should answer 204. Write Post.removeTag (lab 4, task 3). %s",
              reply.describe())
          .isEqualTo(204);
      assertThat(lab.rows().itemtags())
          .as("Only the row (tag %d, 'post', %d) should be gone: the post's other tag, the tag's other post and the "
              + "video's row stay. Post.removeTag should take the one join row out of Post.itemtags; orphan removal "
              + "(lab 1) deletes it at commit (lab 4, task 3). Rows before: %s", tag, post, before)
          .containsExactlyInAnyOrderElementsOf(without(before, tag, "post", post));
      assertThat(List.of(ids("Posts"), ids("Tags")))
          .as("Removing a link should delete neither the post nor the tag (lab 4, task 3).")
          .containsExactly(List.of(post, other), List.of(tag, second));
    });
  }

  @Test
  @Points(1)
  @DisplayName("post.removeTag answers true for a tag the post has and false, changing nothing, for one it lacks")
  void removeTagAnswersWhetherThePostHadTheTag() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      long other = lab.newTag("not on the post");
      lab.rows().insertItemtag(tag, "post", post);

      // One transaction: first the tag the post lacks, then the one it has.
      List<Boolean> answers = lab.entities().removeTags(post, List.of(other, tag));

      assertThat(answers.get(1))
          .as("Post.removeTag(tag) should return true when the post had the tag (lab 4, task 3).")
          .isTrue();
      assertThat(answers.get(0))
          .as("Post.removeTag(tag) should return false for a tag the post does not have (lab 4, task 3).")
          .isFalse();
      assertThat(lab.rows().itemtags())
          .as("After removing its only tag the post should have no join row left (lab 4, task 3).")
          .isEmpty();
    });
  }

  @Test
  @Points(1)
  @DisplayName("DELETE /posts/{id}/tags/{tid} answers 204 for a link the post lacks, 404 for an unknown post or tag")
  void removingAMissingLink() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      long notOnThePost = lab.newTag("on a video only");
      lab.rows().insertItemtag(tag, "post", post);
      lab.rows().insertItemtag(notOnThePost, "video", post);
      List<Link> before = lab.rows().itemtags();

      Reply absent = api.delete("/posts/" + post + "/tags/" + notOnThePost);
      Reply unknownPost = api.delete("/posts/99/tags/" + tag);
      Reply unknownTag = api.delete("/posts/" + post + "/tags/99");

      assertThat(absent.status())
          .as("Removing a tag the post does not have should answer 204: the link is absent either way, so the "
              + "request is idempotent. Post.removeTag should return false, not throw (lab 4, task 3). %s",
              absent.describe())
          .isEqualTo(204);
      json(unknownPost, 404, "DELETE /posts/99/tags/" + tag + " names no post, so it should answer 404.");
      json(unknownTag, 404, "DELETE /posts/" + post + "/tags/99 names no tag, so it should answer 404.");
      assertThat(lab.rows().itemtags())
          .as("None of these requests should remove a row; in particular (tag %d, 'video', %d) tags a video, not "
              + "the post (lab 4, task 3). Rows before: %s", notOnThePost, post, before)
          .containsExactlyInAnyOrderElementsOf(before);
    });
  }

  @Test
  @Points(2)
  @DisplayName("DELETE /posts/{id} answers 204 and removes the post and exactly its 'post' rows, not a video's")
  void deletingAPostRemovesItsRowsOnly() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long other = lab.newPost("Another post");
      long tag = lab.newTag("tagged!");
      long second = lab.newTag("second");
      lab.rows().insertItemtag(tag, "post", post);
      lab.rows().insertItemtag(second, "post", post);
      lab.rows().insertItemtag(tag, "post", other);
      // A video with the post's id: taggable_id has no foreign key, so only the scope tells them apart.
      lab.rows().insertItemtag(tag, "video", post);
      List<Link> before = lab.rows().itemtags();

      Reply reply = api.delete("/posts/" + post);

      assertThat(reply.status())
          .as("Deleting a post that exists should answer 204. Write PostQueries.delete (lab 4, task 4). %s",
              reply.describe())
          .isEqualTo(204);
      assertThat(ids("Posts"))
          .as("Post %d should be gone and post %d kept (lab 4, task 4).", post, other)
          .containsExactly(other);
      assertThat(lab.rows().itemtags())
          .as("The post's two rows with taggable = 'post' should be gone, and nothing else: the video's row "
              + "(tag %d, 'video', %d) shares the post's id but not its scope, and the other post's row stays. "
              + "Delete with taggable = 'post' AND taggable_id = the id in PostQueries.delete (lab 4, task 4). "
              + "Rows before: %s", tag, post, before)
          .containsExactlyInAnyOrderElementsOf(without(without(before, tag, "post", post), second, "post", post));
      assertThat(ids("Tags"))
          .as("Deleting a post should keep its tags: other posts and items may use them (lab 4, task 4).")
          .containsExactly(tag, second);
    });
  }

  @Test
  @Points(1)
  @DisplayName("DELETE /posts/{id} of an unknown post answers 404 with a JSON error and removes nothing")
  void deletingAnUnknownPost() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      lab.rows().insertItemtag(tag, "post", post);
      lab.rows().insertItemtag(tag, "video", 2);
      List<Link> before = lab.rows().itemtags();

      Reply reply = api.delete("/posts/2");

      JsonNode error = json(reply, 404, "DELETE /posts/2 names no post, so it should answer 404 with a JSON error. "
          + "PostQueries.delete should return false when there is no such post (lab 4, task 4).");
      assertThat(error.path("error").asText())
          .as("The 404 should say which post is missing. %s", reply.describe())
          .contains("post 2");
      assertThat(lab.rows().itemtags())
          .as("Deleting a post that does not exist should remove nothing, not even the row of video 2. Check that "
              + "the post exists before deleting rows in PostQueries.delete (lab 4, task 4). Rows before: %s", before)
          .containsExactlyInAnyOrderElementsOf(before);
      assertThat(ids("Posts")).as("No post should be deleted.").containsExactly(post);
    });
  }

  @Test
  @Points(1)
  @DisplayName("DELETE /tags/{id} takes the tag off every post and leaves the other tags' links")
  void deletingATagTakesItOffEveryPost() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long other = lab.newPost("Another post");
      long tag = lab.newTag("tagged!");
      long kept = lab.newTag("kept");
      lab.rows().insertItemtag(tag, "post", post);
      lab.rows().insertItemtag(tag, "post", other);
      lab.rows().insertItemtag(kept, "post", post);
      lab.rows().insertItemtag(kept, "video", other);
      List<Link> before = lab.rows().itemtags();

      Reply reply = api.delete("/tags/" + tag);

      assertThat(reply.status()).as("DELETE /tags/%d should answer 204. %s", tag, reply.describe()).isEqualTo(204);
      assertThat(lab.rows().itemtags())
          .as("Deleting tag %d should remove its rows on both posts (the foreign key on tag_id cascades, lab 1) "
              + "and keep tag %d's rows. Rows before: %s", tag, kept, before)
          .containsExactlyInAnyOrderElementsOf(without(without(before, tag, "post", post), tag, "post", other));
      JsonNode tags = json(api.get("/tags"), 200,
          "GET /tags should answer 200 with every tag and its posts (lab 4, tasks 1 and 2).");
      assertThat(ids(tags))
          .as("After deleting tag %d, GET /tags should list only tag %d (lab 4, task 2). Got: %s", tag, kept, tags)
          .containsExactly(kept);
      assertThat(ids(tags.path(0).path("Posts")))
          .as("Tag %d should still be on post %d only; its row on video %d is not a post (lab 4, tasks 1 and 2). "
              + "Got: %s", kept, post, other, tags)
          .containsExactly(post);
      json(api.get("/tags/" + tag), 404,
          "GET /tags/" + tag + " should answer 404 once the tag is deleted (lab 4, task 2).");
    });
  }

  private static List<Link> without(List<Link> links, long tagId, String taggable, long taggableId) {
    List<Link> kept = new ArrayList<>();
    for (Link link : links) {
      if (!(link.tagId() == tagId && link.taggable().equals(taggable) && link.taggableId() == taggableId)) {
        kept.add(link);
      }
    }
    return kept;
  }

  /** The ids in {@code table}, read with plain JDBC, in id order. */
  private List<Long> ids(String table) {
    return lab.rows().ids(table);
  }

  private static List<Long> ids(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode item : array) {
      ids.add(item.path("id").asLong());
    }
    return ids;
  }
}
