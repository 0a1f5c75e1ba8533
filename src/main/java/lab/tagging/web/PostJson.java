package lab.tagging.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import lab.tagging.posts.Post;

/** A post's own columns, as the lesson's JSON shows them: id, text, createdAt, updatedAt. */
@JsonPropertyOrder({"id", "text", "createdAt", "updatedAt"})
public record PostJson(
    long id,
    String text,
    @LessonTimestamp Instant createdAt,
    @LessonTimestamp Instant updatedAt) {

  public static PostJson of(Post post) {
    return new PostJson(post.getId(), post.getText(), post.getCreatedAt(), post.getUpdatedAt());
  }
}
