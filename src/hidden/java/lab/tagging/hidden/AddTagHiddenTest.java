package lab.tagging.hidden;

import static lab.tagging.hidden.HiddenChecks.assertStrictJson;
import static lab.tagging.hidden.HiddenChecks.at;
import static lab.tagging.hidden.HiddenChecks.itemtag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.tagging.support.Api;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Reply;
import lab.tagging.support.Rows.Link;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("hidden")
@Tag("lab2")
@DisplayName("Hidden · Lab 2 · addTag among several links")
class AddTagHiddenTest {

  // One instant per add, the first on a whole second, so each row can be told apart by its time.
  private static final String T1 = "2026-12-01T10:00:00.000Z";
  private static final String T2 = "2026-12-01T10:00:01.250Z";
  private static final String T3 = "2026-12-01T10:00:02.500Z";
  private static final String T4 = "2026-12-01T10:00:03.750Z";
  private static final String LATER = "2026-12-02T00:00:00.001Z";

  @RegisterExtension
  final Lab lab = new Lab();

  /** The posts and tags of {@link #severalLinks}, by id. */
  private record Ids(long post1, long post2, long tag1, long tag2, long tag3) {}

  /**
   * Post 2 gets tags 3, 1 and 2 (in that order, at T1, T2, T3), and post 1 gets tag 2 (at T4),
   * all through the student's addTag.
   */
  private Ids severalLinks(Api api) {
    Ids ids = new Ids(lab.newPost("first"), lab.newPost("second"),
        lab.newTag("one"), lab.newTag("two"), lab.newTag("three"));
    add(api, ids.post2(), ids.tag3(), T1);
    add(api, ids.post2(), ids.tag1(), T2);
    add(api, ids.post2(), ids.tag2(), T3);
    add(api, ids.post1(), ids.tag2(), T4);
    return ids;
  }

  private void add(Api api, long post, long tag, String when) {
    lab.clock().set(when);
    Reply reply = api.post(link(post, tag));
    assertThat(reply.status())
        .as("Setting up: adding tag %d to post %d, which it does not have yet, should answer 201 (lab 2, task 4). %s",
            tag, post, reply.describe())
        .isEqualTo(201);
  }

  @Test
  @Points(2)
  @DisplayName("re-adding one of a post's several tags answers 200 with that very row, not another of the post's")
  void readdingAnswersThatRow() {
    lab.http(api -> {
      Ids ids = severalLinks(api);
      lab.clock().set(LATER);

      Reply again = api.post(link(ids.post2(), ids.tag2()));

      assertThat(again.status())
          .as("Post %d already has tag %d, so adding it again should answer 200 (lab 2, task 3). %s",
              ids.post2(), ids.tag2(), again.describe())
          .isEqualTo(200);
      assertStrictJson(again, itemtag(ids.tag2(), ids.post2(), T3),
          "The 200 should carry the existing row of this post AND this tag, as stored at its first add (" + T3 + "). "
              + "Post " + ids.post2() + " has three rows and tag " + ids.tag2() + " is also on post " + ids.post1()
              + ": find the row by the whole identity (tag_id, 'post', taggable_id), e.g. with session.find("
              + "Itemtag.class, new ItemtagId(...)) or post.findItemtag(tag), not the post's first row or the tag's "
              + "first row (lab 2, task 3)");
    });
  }

  @Test
  @Points(1)
  @DisplayName("re-adding one of several links leaves every row of Itemtags exactly as it was")
  void readdingChangesNoRow() {
    lab.http(api -> {
      Ids ids = severalLinks(api);
      List<Link> before = lab.rows().itemtags();
      lab.clock().set(LATER);

      Reply again = api.post(link(ids.post2(), ids.tag1()));

      assertThat(lab.rows().itemtags())
          .as("Adding a link that exists must change nothing in Itemtags: the same four rows, each with the "
              + "createdAt and updatedAt of its own first add. Return the row you found without touching it, and "
              + "without deleting and re-inserting anything (lab 2, task 3). %s", again.describe())
          .containsExactlyElementsOf(before);
    });
  }

  @Test
  @Points(1)
  @DisplayName("re-adding a link answers the post's row, even when a video with the same id has the same tag")
  void readdingIgnoresAVideosRow() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      long tag = lab.newTag("tagged!");
      // The video's row comes first, so a lookup that ignores the scope is likely to find it.
      lab.rows().insertItemtag(tag, "video", post, T1);
      add(api, post, tag, T2);
      lab.clock().set(LATER);

      Reply again = api.post(link(post, tag));

      assertThat(again.status())
          .as("Post %d already has tag %d, so adding it again should answer 200. A 500 often means the lookup for "
              + "the existing row matched the video's row too (two rows for a unique result): include "
              + "taggable = 'post' in it (lab 2, task 3). %s", post, tag, again.describe())
          .isEqualTo(200);
      assertStrictJson(again, itemtag(tag, post, T2),
          "The 200 should carry the post's own row (taggable 'post', added at " + T2 + "), not the row (tag " + tag
              + ", 'video', " + post + ") of a video that shares the post's id. Find the existing row by the whole "
              + "identity (tag_id, 'post', taggable_id) (lab 2, task 3)");
      assertThat(lab.rows().itemtags())
          .as("Both rows should be left as they were: the post's and the video's (lab 2, task 3)")
          .containsExactly(new Link(tag, "post", post, at(T2), at(T2)), new Link(tag, "video", post, at(T1), at(T1)));
    });
  }

  @Test
  @Points(1)
  @DisplayName("adding tag 2 to post 3 writes (2, 'post', 3) while tag 2 is on post 1 and post 2, tag 3 exist")
  void addingWritesTheRowOfThatPostAndTag() {
    lab.http(api -> {
      long post1 = lab.newPost("one");
      lab.newPost("two");
      long post3 = lab.newPost("three");
      lab.newTag("a");
      long tag2 = lab.newTag("b");
      lab.newTag("c");
      lab.newTag("d");
      add(api, post1, tag2, T1);
      lab.clock().set(T3);

      Reply reply = api.post(link(post3, tag2));

      assertThat(reply.status())
          .as("Post %d does not have tag %d yet (only post %d does), so the add should answer 201, not 200: the "
              + "existing-row lookup must match the post as well as the tag (lab 2, task 3). %s",
              post3, tag2, post1, reply.describe())
          .isEqualTo(201);
      assertStrictJson(reply, itemtag(tag2, post3, T3),
          "The 201 should carry the new row: tag_id " + tag2 + " (the {tid} of the path), taggable_id " + post3
              + " (the {id}), stamped with the clock at the add. Post 2 and tag 3 exist too, so swapped ids would "
              + "quietly write the wrong link (lab 2, tasks 1 and 4)");
      assertThat(lab.rows().itemtags())
          .as("Itemtags should hold post %d's row and the new row (tag %d, 'post', taggable_id %d), nothing else: "
              + "not (%d, 'post', %d) with the ids swapped (lab 2, tasks 1 and 4)", post1, tag2, post3, post3, tag2)
          .containsExactly(
              new Link(tag2, "post", post1, at(T1), at(T1)),
              new Link(tag2, "post", post3, at(T3), at(T3)));
    });
  }

  private static String link(long post, long tag) {
    return "/posts/" + post + "/tags/" + tag;
  }
}
