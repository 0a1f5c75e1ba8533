package lab.tagging.web;

import java.time.Instant;
import java.util.List;
import lab.tagging.LabTodo;
import lab.tagging.posts.Post;
import lab.tagging.tags.Tag;

/**
 * The lesson's nested JSON: posts with their {@code Tags}, each tag with its {@code Itemtag}
 * (lab 3), and tags with their {@code Posts} (lab 4).
 */
public final class LessonJson {

  private LessonJson() {}

  // TODO lab 3, task 1: annotate these two records so that Jackson writes the lesson's key
  // names, in the lesson's order, with the lesson's timestamps (ItemtagJson shows how).

  /** A post and its tags: id, text, createdAt, updatedAt, Tags. */
  public record PostWithTags(
      long id, String text, Instant createdAt, Instant updatedAt, List<TagWithItemtag> tags) {}

  /** One of a post's tags, with the join row that links them. */
  public record TagWithItemtag(
      long id, String name, Instant createdAt, Instant updatedAt, ItemtagJson itemtag) {}

  // TODO lab 4, task 2: the same for the reverse direction.

  /** A tag and its posts: id, name, createdAt, updatedAt, Posts. */
  public record TagWithPosts(
      long id, String name, Instant createdAt, Instant updatedAt, List<PostWithItemtag> posts) {}

  /** One of a tag's posts, with the join row that links them. */
  public record PostWithItemtag(
      long id, String text, Instant createdAt, Instant updatedAt, ItemtagJson itemtag) {}

  public static List<PostWithTags> postsWithTags(List<Post> posts) {
    // TODO lab 3, task 2
    throw LabTodo.lab3("LessonJson.postsWithTags is not written yet (task 2)");
  }

  public static PostWithTags postWithTags(Post post) {
    // TODO lab 3, task 2: one TagWithItemtag per join row of the post.
    throw LabTodo.lab3("LessonJson.postWithTags is not written yet (task 2)");
  }

  public static List<TagWithPosts> tagsWithPosts(List<Tag> tags) {
    // TODO lab 4, task 2
    throw LabTodo.lab4("LessonJson.tagsWithPosts is not written yet (task 2)");
  }

  public static TagWithPosts tagWithPosts(Tag tag) {
    // TODO lab 4, task 2: one PostWithItemtag per join row of the tag.
    throw LabTodo.lab4("LessonJson.tagWithPosts is not written yet (task 2)");
  }
}
