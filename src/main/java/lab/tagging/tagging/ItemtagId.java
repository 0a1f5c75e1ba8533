package lab.tagging.tagging;

import java.io.Serializable;
import java.util.Objects;

/** A join row's identity: the triple (tag_id, taggable, taggable_id). */
// TODO lab 1, task 1: make this class embeddable and give each field its column name
// (tag_id, taggable, taggable_id); taggable may not be null.
public class ItemtagId implements Serializable {

  private Long tagId;

  private String taggable;

  private Long taggableId;

  protected ItemtagId() {}

  public ItemtagId(Long tagId, String taggable, Long taggableId) {
    this.tagId = tagId;
    this.taggable = taggable;
    this.taggableId = taggableId;
  }

  public Long getTagId() {
    return tagId;
  }

  public String getTaggable() {
    return taggable;
  }

  public Long getTaggableId() {
    return taggableId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ItemtagId that
        && Objects.equals(tagId, that.tagId)
        && Objects.equals(taggable, that.taggable)
        && Objects.equals(taggableId, that.taggableId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tagId, taggable, taggableId);
  }

  @Override
  public String toString() {
    return "(" + tagId + ", '" + taggable + "', " + taggableId + ")";
  }
}
