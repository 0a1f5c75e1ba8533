package lab.tagging.posts;

import jakarta.persistence.CascadeType;
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
import lab.tagging.tags.Tag;
import org.hibernate.annotations.SQLRestriction;

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

  // Lab 1: the post's join rows. taggable_id is shared by every kind of taggable item, so the
  // restriction is what keeps a video's row (taggable = 'video') from showing up here.
  @OneToMany(mappedBy = "post", cascade = CascadeType.ALL, orphanRemoval = true)
  @SQLRestriction("taggable = 'post'")
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
    return Collections.unmodifiableList(itemtags);
  }

  /**
   * Links {@code tag} to this post and returns the new join row; it is saved with the post.
   * Calling it for a tag the post already has is a mistake: check {@link #findItemtag} first.
   */
  public Itemtag addTag(Tag tag, Instant now) {
    if (findItemtag(tag) != null) {
      throw new IllegalStateException("post " + id + " already has tag " + tag.getId());
    }
    Itemtag itemtag = Itemtag.forPost(this, tag, now);
    itemtags.add(itemtag);
    return itemtag;
  }

  /** Unlinks {@code tag}; true if the post had it. The join row is deleted at commit. */
  public boolean removeTag(Tag tag) {
    Itemtag itemtag = findItemtag(tag);
    return itemtag != null && itemtags.remove(itemtag);
  }

  /** This post's join row for {@code tag}, or null. */
  public Itemtag findItemtag(Tag tag) {
    for (Itemtag itemtag : itemtags) {
      if (itemtag.getTag().getId().equals(tag.getId())) {
        return itemtag;
      }
    }
    return null;
  }
}
