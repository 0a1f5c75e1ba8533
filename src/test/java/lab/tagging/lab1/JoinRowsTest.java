package lab.tagging.lab1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import lab.tagging.grading.fixture.RowId;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Rows.Link;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@org.junit.jupiter.api.Tag("lab1")
@DisplayName("Lab 1 · join rows through Hibernate")
class JoinRowsTest {

  // A different instant from CREATED, with milliseconds, so a row stamped at the wrong moment shows.
  private static final Instant ADDED = Instant.parse("2026-11-25T08:30:00.125Z");

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(2)
  @DisplayName("post.addTag saves one row (tag, 'post', post) stamped with the time of the add")
  void addTagSavesOneRow() {
    long postId = lab.newPost("This is a post");
    long tagId = lab.newTag("tagged!");

    // Only the post is loaded and changed: the new row must reach the database with it.
    lab.entities().addTag(postId, tagId, ADDED);

    assertThat(lab.rows().itemtags())
        .as("After post.addTag(tag, now) and a commit, Itemtags should hold exactly one row (tag_id %d, 'post', "
            + "taggable_id %d) with createdAt and updatedAt equal to now. addTag should create the row with "
            + "Itemtag.forPost and add it to itemtags (lab 1, task 4); the row is saved only if Post.itemtags "
            + "cascades to it (lab 1, task 3)", tagId, postId)
        .containsExactly(new Link(tagId, "post", postId, ADDED, ADDED));
  }

  @Test
  @Points(2)
  @DisplayName("a post and a video with the same id can carry the same tag")
  void postAndVideoWithTheSameIdShareATag() {
    long postId = lab.newPost("This is a post");
    long tagId = lab.newTag("tagged!");
    lab.entities().addTag(postId, tagId, ADDED);

    assertThatCode(() -> lab.rows().insertItemtag(tagId, "video", postId))
        .as("A video whose id is %d should be able to carry tag %d while post %d has it too: the rows differ in "
            + "taggable. If the database refused, the identity of a join row is not the whole triple (tag_id, "
            + "taggable, taggable_id), which was the lesson's mistake; check ItemtagId (lab 1, task 1) and the "
            + "unique constraint (task 2)", postId, tagId, postId)
        .doesNotThrowAnyException();
    assertThat(lab.rows().itemtags())
        .as("Itemtags should now hold the post's row, written by post.addTag, and the video's row. If the post's "
            + "row is missing, addTag's row was not saved with the post (lab 1, tasks 3 and 4)")
        .extracting(Link::tagId, Link::taggable, Link::taggableId)
        .containsExactly(tuple(tagId, "post", postId), tuple(tagId, "video", postId));
  }

  @Test
  @Points(1)
  @DisplayName("post.getItemtags() read in a new session lists the post's rows and not a video's")
  void getItemtagsListsOnlyThePostsRows() {
    long postId = lab.newPost("This is a post");
    long tagged = lab.newTag("tagged!");
    long videoTag = lab.newTag("on a video");
    lab.rows().insertItemtag(tagged, "post", postId);
    // Same taggable_id, other kind of item: it belongs to video 1, not to post 1.
    lab.rows().insertItemtag(videoTag, "video", postId);

    List<RowId> ids = lab.entities().itemtagsOf(postId);

    assertThat(ids)
        .as("Post %d's itemtags should hold only its own row (tag_id %d, 'post'). A row (tag_id %d, 'video', "
            + "taggable_id %d) is a video's, so the collection must be restricted to taggable = 'post' "
            + "(@SQLRestriction on Post.itemtags, lab 1, task 3); getItemtags() returns a read-only view of it",
            postId, tagged, videoTag, postId)
        .containsExactly(new RowId(tagged, "post", postId));
  }

  @Test
  @Points(1)
  @DisplayName("post.findItemtag finds the post's row for a tag it has, even one another session loaded, and null for one it has not")
  void findItemtagFindsThePostsRow() {
    long postId = lab.newPost("This is a post");
    long tagged = lab.newTag("tagged!");
    long other = lab.newTag("not on the post");
    lab.rows().insertItemtag(tagged, "post", postId);

    List<RowId> found = lab.entities().findItemtags(postId, List.of(tagged, other));
    List<RowId> foundForCopies = lab.entities().findItemtags(postId, List.of(tagged, other), true);

    assertThat(found.get(0))
        .as("post.findItemtag(tag) should return the post's join row for a tag the post has. Look through "
            + "itemtags and compare the tags by id (lab 1, task 4)")
        .isEqualTo(new RowId(tagged, "post", postId));
    assertThat(foundForCopies.get(0))
        .as("post.findItemtag(tag) found the row when the tag came from the post's own session, but not when "
            + "another session had loaded tag %d: then the Tag is another object for the same row. Compare the "
            + "tags' ids, not the objects (== or an equals that Tag does not override) (lab 1, task 4)", tagged)
        .isEqualTo(new RowId(tagged, "post", postId));
    assertThat(java.util.Arrays.asList(found.get(1), foundForCopies.get(1)))
        .as("post.findItemtag(tag) should return null for a tag the post does not have (lab 1, task 4)")
        .containsOnlyNulls();
  }

  @Test
  @Points(1)
  @DisplayName("deleting a tag's row from Tags deletes its join rows and leaves the others")
  void deletingATagDeletesItsJoinRows() {
    long first = lab.newPost("This is a post");
    long second = lab.newPost("Another post");
    long doomed = lab.newTag("doomed");
    long kept = lab.newTag("kept");
    lab.rows().insertItemtag(doomed, "post", first);
    lab.rows().insertItemtag(doomed, "post", second);
    lab.rows().insertItemtag(kept, "post", first);

    // Plain SQL, so the database's own ON DELETE rule is what gets tested, not Hibernate.
    assertThatCode(() -> lab.rows().delete("Tags", doomed))
        .as("Deleting tag %d with plain SQL should succeed even though posts carry it. If the database refused, "
            + "the foreign key on Itemtags.tag_id is not ON DELETE CASCADE: add @OnDelete to Itemtag.tag "
            + "(lab 1, task 2)", doomed)
        .doesNotThrowAnyException();
    assertThat(lab.rows().itemtags())
        .as("Only the join rows of tag %d should be gone, removed by the ON DELETE CASCADE of Itemtags.tag_id "
            + "(lab 1, task 2)", doomed)
        .extracting(Link::tagId, Link::taggable, Link::taggableId)
        .containsExactly(tuple(kept, "post", first));
  }
}
