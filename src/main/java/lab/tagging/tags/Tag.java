package lab.tagging.tags;

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

/** A tag that can be put on any taggable item, stored in table {@code Tags}. */
@Entity
@Table(name = "Tags")
public class Tag {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  @Column(name = "createdAt", nullable = false)
  private Instant createdAt;

  @Column(name = "updatedAt", nullable = false)
  private Instant updatedAt;

  // TODO lab 4, task 1: map the tag's join rows to posts (Itemtag.tag is the owning side),
  // scoped to taggable = 'post' like Post.itemtags. Then remove @Transient.
  @Transient
  private List<Itemtag> postItemtags = new ArrayList<>();

  protected Tag() {}

  /** A new, unsaved tag created at {@code now}. */
  public Tag(String name, Instant now) {
    this.name = name;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** The join rows that link this tag to posts (never to other kinds of item), read-only. */
  public List<Itemtag> getPostItemtags() {
    // TODO lab 4, task 1: return a read-only view of postItemtags.
    throw LabTodo.lab4("Tag.getPostItemtags() is not written yet (task 1)");
  }
}
