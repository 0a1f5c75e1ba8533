package lab.tagging.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import lab.tagging.tagging.Itemtag;

/**
 * A join row as the lesson's JSON shows it: tag_id, taggable, taggable_id, createdAt, updatedAt,
 * and no id of its own. Read it as the worked example for lab 3.
 */
@JsonPropertyOrder({"tag_id", "taggable", "taggable_id", "createdAt", "updatedAt"})
public record ItemtagJson(
    @JsonProperty("tag_id") long tagId,
    String taggable,
    @JsonProperty("taggable_id") long taggableId,
    @LessonTimestamp Instant createdAt,
    @LessonTimestamp Instant updatedAt) {

  /** Reads only the row's own columns, so it never touches a lazy post or tag. */
  public static ItemtagJson of(Itemtag itemtag) {
    return new ItemtagJson(
        itemtag.getId().getTagId(),
        itemtag.getId().getTaggable(),
        itemtag.getId().getTaggableId(),
        itemtag.getCreatedAt(),
        itemtag.getUpdatedAt());
  }
}
