package lab.tagging.tags;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lab.tagging.tagging.Itemtag;
import org.hibernate.annotations.SQLRestriction;

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

  // Lab 4: the tag's join rows to posts. The lesson's Tag side has no scope, which lets a
  // video's row pass for a post: the restriction here is the fix.
  @OneToMany(mappedBy = "tag")
  @SQLRestriction("taggable = 'post'")
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
    return Collections.unmodifiableList(postItemtags);
  }
}
