package lab.tagging.hidden;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import lab.tagging.posts.Post;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Rows.Link;
import lab.tagging.tagging.ItemtagId;
import lab.tagging.tags.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@org.junit.jupiter.api.Tag("hidden")
@org.junit.jupiter.api.Tag("lab1")
@DisplayName("Hidden · Lab 1 · join rows of a post among several")
class JoinRowsHiddenTest {

  private static final Instant CREATED = Instant.parse(Lab.START);

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(3)
  @DisplayName("removing a post through Hibernate deletes its own 'post' rows and no one else's")
  void removingAPostCascadesToItsRowsOnly() {
    long first = savePost("first");
    long second = savePost("second");
    long doomed = savePost("third");
    long red = saveTag("red");
    long green = saveTag("green");
    lab.rows().insertItemtag(red, "post", doomed);
    lab.rows().insertItemtag(green, "post", doomed);
    lab.rows().insertItemtag(red, "post", first);
    // A video that shares the post's id, and a video that shares the post's tag.
    lab.rows().insertItemtag(green, "video", doomed);
    lab.rows().insertItemtag(red, "video", second);

    lab.db().writeVoid(session -> session.remove(session.find(Post.class, doomed)));

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
    long first = savePost("first");
    savePost("second");
    long post = savePost("third");
    long t1 = saveTag("one");
    long t2 = saveTag("two");
    long t3 = saveTag("three");
    long t4 = saveTag("four");
    lab.rows().insertItemtag(t4, "post", post);
    lab.rows().insertItemtag(t1, "post", post);
    lab.rows().insertItemtag(t2, "post", post);
    // Tag 3 is on post 1 and on video 3, never on post 3, although 3 is also the post's id.
    lab.rows().insertItemtag(t3, "post", first);
    lab.rows().insertItemtag(t3, "video", post);

    List<ItemtagId> found = lab.db().read(session -> {
      Post loaded = session.find(Post.class, post);
      return Stream.of(t2, t4, t3)
          .map(id -> loaded.findItemtag(session.find(Tag.class, id)))
          .map(row -> row == null ? null : row.getId())
          .toList();
    });

    assertThat(found)
        .as("Post %d has tags %d, %d and %d. post.findItemtag(tag %d) should give the row (%d, 'post', %d), "
            + "findItemtag(tag %d) the row (%d, 'post', %d), and findItemtag(tag %d) null: tag %d is only on "
            + "another post and on a video. Look through itemtags and compare each row's tag id with the tag's id, "
            + "not with the post's id, and do not stop at the first row (lab 1, task 4). Found, in that order",
            post, t1, t2, t4, t2, t2, post, t4, t4, post, t3, t3)
        .containsExactly(new ItemtagId(t2, "post", post), new ItemtagId(t4, "post", post), null);
  }

  private long savePost(String text) {
    return lab.db().write(session -> {
      Post post = new Post(text, CREATED);
      session.persist(post);
      return post.getId();
    });
  }

  private long saveTag(String name) {
    return lab.db().write(session -> {
      Tag tag = new Tag(name, CREATED);
      session.persist(tag);
      return tag.getId();
    });
  }
}
