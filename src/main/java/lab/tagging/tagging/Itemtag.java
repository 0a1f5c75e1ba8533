package lab.tagging.tagging;

import java.time.Instant;
import lab.tagging.posts.Post;
import lab.tagging.tags.Tag;

/** A join row of table {@code Itemtags}: one tag on one taggable item. */
// TODO lab 1, task 2: make this an entity stored in table Itemtags, with a unique constraint
// named item_tag_taggable on (tag_id, taggable, taggable_id). Until it is an @Entity the
// application starts without it, and the Itemtags table does not exist.
public class Itemtag {

  /** The scope value that marks a row as tagging a post. */
  public static final String POST = "post";

  // TODO lab 1, task 2: the embedded id (tag_id, taggable, taggable_id).
  private ItemtagId id;

  // TODO lab 1, task 2: many join rows to one tag, filling tagId of the id, in column tag_id,
  // with a foreign key that deletes the row when its tag is deleted.
  private Tag tag;

  // TODO lab 1, task 2: many join rows to one post, filling taggableId of the id, in column
  // taggable_id, with NO foreign key: other kinds of item share this column.
  private Post post;

  // TODO lab 1, task 2: map both timestamps to columns createdAt and updatedAt, not null.
  private Instant createdAt;

  private Instant updatedAt;

  protected Itemtag() {}

  private Itemtag(Post post, Tag tag, Instant now) {
    this.id = new ItemtagId(tag.getId(), POST, post.getId());
    this.post = post;
    this.tag = tag;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** A new join row that tags {@code post} with {@code tag}; the scope is written as 'post'. */
  public static Itemtag forPost(Post post, Tag tag, Instant now) {
    return new Itemtag(post, tag, now);
  }

  public ItemtagId getId() {
    return id;
  }

  public Tag getTag() {
    return tag;
  }

  public Post getPost() {
    return post;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
