package lab.tagging.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import lab.tagging.tags.Tag;

/** A tag's own columns, as the lesson's JSON shows them: id, name, createdAt, updatedAt. */
@JsonPropertyOrder({"id", "name", "createdAt", "updatedAt"})
public record TagJson(
    long id,
    String name,
    @LessonTimestamp Instant createdAt,
    @LessonTimestamp Instant updatedAt) {

  public static TagJson of(Tag tag) {
    return new TagJson(tag.getId(), tag.getName(), tag.getCreatedAt(), tag.getUpdatedAt());
  }
}
