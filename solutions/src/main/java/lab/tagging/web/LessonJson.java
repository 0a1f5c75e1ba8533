package lab.tagging.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import lab.tagging.posts.Post;
import lab.tagging.tagging.Itemtag;
import lab.tagging.tags.Tag;

/**
 * The lesson's nested JSON: posts with their {@code Tags}, each tag with its {@code Itemtag}
 * (lab 3), and tags with their {@code Posts} (lab 4).
 *
 * <p>Records, not entities, go to Jackson: an entity graph is cyclic (post, join row, post …)
 * and lazy, so serializing it recurses forever or fails outside the session.
 */
public final class LessonJson {

  private LessonJson() {}

  /** A post and its tags: id, text, createdAt, updatedAt, Tags. */
  @JsonPropertyOrder({"id", "text", "createdAt", "updatedAt", "Tags"})
  public record PostWithTags(
      long id,
      String text,
      @LessonTimestamp Instant createdAt,
      @LessonTimestamp Instant updatedAt,
      @JsonProperty("Tags") List<TagWithItemtag> tags) {}

  /** One of a post's tags, with the join row that links them. */
  @JsonPropertyOrder({"id", "name", "createdAt", "updatedAt", "Itemtag"})
  public record TagWithItemtag(
      long id,
      String name,
      @LessonTimestamp Instant createdAt,
      @LessonTimestamp Instant updatedAt,
      @JsonProperty("Itemtag") ItemtagJson itemtag) {}

  /** A tag and its posts: id, name, createdAt, updatedAt, Posts. */
  @JsonPropertyOrder({"id", "name", "createdAt", "updatedAt", "Posts"})
  public record TagWithPosts(
      long id,
      String name,
      @LessonTimestamp Instant createdAt,
      @LessonTimestamp Instant updatedAt,
      @JsonProperty("Posts") List<PostWithItemtag> posts) {}

  /** One of a tag's posts, with the join row that links them. */
  @JsonPropertyOrder({"id", "text", "createdAt", "updatedAt", "Itemtag"})
  public record PostWithItemtag(
      long id,
      String text,
      @LessonTimestamp Instant createdAt,
      @LessonTimestamp Instant updatedAt,
      @JsonProperty("Itemtag") ItemtagJson itemtag) {}

  public static List<PostWithTags> postsWithTags(List<Post> posts) {
    return posts.stream().map(LessonJson::postWithTags).toList();
  }

  public static PostWithTags postWithTags(Post post) {
    List<TagWithItemtag> tags = post.getItemtags().stream().map(LessonJson::tagOf).toList();
    return new PostWithTags(post.getId(), post.getText(), post.getCreatedAt(), post.getUpdatedAt(), tags);
  }

  public static List<TagWithPosts> tagsWithPosts(List<Tag> tags) {
    return tags.stream().map(LessonJson::tagWithPosts).toList();
  }

  public static TagWithPosts tagWithPosts(Tag tag) {
    List<PostWithItemtag> posts = tag.getPostItemtags().stream().map(LessonJson::postOf).toList();
    return new TagWithPosts(tag.getId(), tag.getName(), tag.getCreatedAt(), tag.getUpdatedAt(), posts);
  }

  private static TagWithItemtag tagOf(Itemtag link) {
    Tag tag = link.getTag();
    return new TagWithItemtag(tag.getId(), tag.getName(), tag.getCreatedAt(), tag.getUpdatedAt(),
        ItemtagJson.of(link));
  }

  private static PostWithItemtag postOf(Itemtag link) {
    Post post = link.getPost();
    return new PostWithItemtag(post.getId(), post.getText(), post.getCreatedAt(), post.getUpdatedAt(),
        ItemtagJson.of(link));
  }
}
