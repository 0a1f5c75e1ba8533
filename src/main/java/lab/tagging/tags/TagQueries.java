package lab.tagging.tags;

import java.util.List;
import java.util.Optional;
import lab.tagging.LabTodo;
import org.hibernate.Session;

/** The reads behind the /tags endpoints. */
public final class TagQueries {

  private TagQueries() {}

  /** Every tag with its posts, tags and posts in id order. */
  public static List<Tag> findAllWithPosts(Session session) {
    // TODO lab 4, task 2: like PostQueries.findAllWithTags, from the tag's side.
    throw LabTodo.lab4("TagQueries.findAllWithPosts is not written yet (task 2)");
  }

  /** One tag with its posts, or empty. */
  public static Optional<Tag> findWithPosts(Session session, long id) {
    // TODO lab 4, task 2
    throw LabTodo.lab4("TagQueries.findWithPosts is not written yet (task 2)");
  }
}
