package lab.tagging.posts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.LabTodo;
import lab.tagging.tagging.Itemtag;
import lab.tagging.tags.Tag;

/** A post: the taggable item of the lesson, stored in table {@code Posts}. */
@Entity
@Table(name = "Posts")
public class Post {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String text;

  @Column(name = "createdAt", nullable = false)
  private Instant createdAt;

  @Column(name = "updatedAt", nullable = false)
  private Instant updatedAt;

  // TODO lab 1, task 3: map the post's join rows (Itemtag.post is the owning side), scoped to
  // taggable = 'post', saved and deleted with the post. Then remove @Transient.
  @Transient
  private List<Itemtag> itemtags = new ArrayList<>();

  protected Post() {}

  /** A new, unsaved post created at {@code now}. */
  public Post(String text, Instant now) {
    this.text = text;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getText() {
    return text;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** The post's join rows, one per tag, read-only: change them with addTag and removeTag. */
  public List<Itemtag> getItemtags() {
    // TODO lab 1, task 3: return a read-only view of itemtags.
    throw LabTodo.lab1("Post.getItemtags() is not written yet (task 3)");
  }

  /**
   * Links {@code tag} to this post and returns the new join row; it is saved with the post.
   * Calling it for a tag the post already has is a mistake: check {@link #findItemtag} first.
   */
  public Itemtag addTag(Tag tag, Instant now) {
    // TODO lab 1, task 4: create the join row with Itemtag.forPost and add it to itemtags.
    throw LabTodo.lab1("Post.addTag(tag, now) is not written yet (task 4)");
  }

  /** Unlinks {@code tag}; true if the post had it. The join row is deleted at commit. */
  public boolean removeTag(Tag tag) {
    // TODO lab 4, task 3: remove the tag's join row from itemtags.
    throw LabTodo.lab4("Post.removeTag(tag) is not written yet (task 3)");
  }

  /** This post's join row for {@code tag}, or null. */
  public Itemtag findItemtag(Tag tag) {
    // TODO lab 1, task 4: look through itemtags for the row whose tag has tag's id.
    throw LabTodo.lab1("Post.findItemtag(tag) is not written yet (task 4)");
  }
}
