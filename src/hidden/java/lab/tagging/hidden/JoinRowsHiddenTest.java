package lab.tagging.hidden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.tagging.grading.fixture.RowId;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Rows.Link;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@org.junit.jupiter.api.Tag("hidden")
@org.junit.jupiter.api.Tag("lab1")
@DisplayName("Hidden · Lab 1 · join rows of a post among several")
class JoinRowsHiddenTest {

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(3)
  @DisplayName("removing a post through Hibernate deletes its own 'post' rows and no one else's")
  void removingAPostCascadesToItsRowsOnly() {
    long first = lab.newPost("first");
    long second = lab.newPost("second");
    long doomed = lab.newPost("third");
    long red = lab.newTag("red");
    long green = lab.newTag("green");
    lab.rows().insertItemtag(red, "post", doomed);
    lab.rows().insertItemtag(green, "post", doomed);
    lab.rows().insertItemtag(red, "post", first);
    // A video that shares the post's id, and a video that shares the post's tag.
    lab.rows().insertItemtag(green, "video", doomed);
    lab.rows().insertItemtag(red, "video", second);

    lab.entities().removePost(doomed);

    assertThat(lab.rows().itemtags())
        .as("After session.remove(post %d) only its two rows with taggable = 'post' should be gone. Post.itemtags "
            + "should cascade the removal to the post's join rows (cascade = CascadeType.ALL, or at least REMOVE, "
            + "with orphanRemoval; lab 1, task 3): taggable_id has no foreign key, so the database will not do it. "
            + "The scope (@SQLRestriction) keeps the video rows (tag %d, 'video', %d) and (tag %d, 'video', %d) "
            + "out of the collection, so they must stay, and so must post %d's row",
            doomed, green, doomed, red, second, first)
        .extracting(Link::toString)
        .containsExactly(
            new Link(red, "post", first, null, null).toString(),
            new Link(red, "video", second, null, null).toString(),
            new Link(green, "video", doomed, null, null).toString());
  }

  @Test
  @Points(2)
  @DisplayName("post.findItemtag picks the row of the tag asked for among several, by the tag's id")
  void findItemtagPicksTheRightRowAmongSeveral() {
    long first = lab.newPost("first");
    lab.newPost("second");
    long post = lab.newPost("third");
    long t1 = lab.newTag("one");
    long t2 = lab.newTag("two");
    long t3 = lab.newTag("three");
    long t4 = lab.newTag("four");
    lab.rows().insertItemtag(t4, "post", post);
    lab.rows().insertItemtag(t1, "post", post);
    lab.rows().insertItemtag(t2, "post", post);
    // Tag 3 is on post 1 and on video 3, never on post 3, although 3 is also the post's id.
    lab.rows().insertItemtag(t3, "post", first);
    lab.rows().insertItemtag(t3, "video", post);

    List<RowId> found = lab.entities().findItemtags(post, List.of(t2, t4, t3));

    assertThat(found)
        .as("Post %d has tags %d, %d and %d. post.findItemtag(tag %d) should give the row (%d, 'post', %d), "
            + "findItemtag(tag %d) the row (%d, 'post', %d), and findItemtag(tag %d) null: tag %d is only on "
            + "another post and on a video. Look through itemtags and compare each row's tag id with the tag's id, "
            + "not with the post's id, and do not stop at the first row (lab 1, task 4). Found, in that order",
            post, t1, t2, t4, t2, t2, post, t4, t4, post, t3, t3)
        .containsExactly(new RowId(t2, "post", post), new RowId(t4, "post", post), null);
  }
}
