package lab.tagging.tagging;

import jakarta.persistence.Column;
import jakarta.persistence.ConstraintMode;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import lab.tagging.posts.Post;
import lab.tagging.tags.Tag;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/** A join row of table {@code Itemtags}: one tag on one taggable item. */
@Entity
@Table(
    name = "Itemtags",
    uniqueConstraints = @UniqueConstraint(
        name = "item_tag_taggable",
        columnNames = {"tag_id", "taggable", "taggable_id"}))
public class Itemtag {

  /** The scope value that marks a row as tagging a post. */
  public static final String POST = "post";

  @EmbeddedId
  private ItemtagId id;

  // Deleting a tag deletes its join rows, in the database itself (ON DELETE CASCADE).
  @MapsId("tagId")
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "tag_id")
  @OnDelete(action = OnDeleteAction.CASCADE)
  private Tag tag;

  // taggable_id points into a different table for each taggable value, so it can have no
  // foreign key: NO_CONSTRAINT stops Hibernate from making one to Posts.
  @MapsId("taggableId")
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "taggable_id", foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT))
  private Post post;

  @Column(name = "createdAt", nullable = false)
  private Instant createdAt;

  @Column(name = "updatedAt", nullable = false)
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
