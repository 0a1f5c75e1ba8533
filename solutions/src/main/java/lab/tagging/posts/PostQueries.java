package lab.tagging.posts;

import java.util.List;
import java.util.Optional;
import lab.tagging.tagging.Itemtag;
import org.hibernate.Session;

/** The reads and deletes behind the /posts endpoints. */
public final class PostQueries {

  // One statement for any number of posts and tags: the join rows and their tags come in the
  // same SELECT (fetch joins), so building the JSON never goes back to the database (no N+1).
  private static final String WITH_TAGS = """
      select p from Post p
        left join fetch p.itemtags i
        left join fetch i.tag
      %s
      order by p.id, i.id.tagId""";

  private PostQueries() {}

  /** Every post with its tags, posts and tags in id order. */
  public static List<Post> findAllWithTags(Session session) {
    return session.createSelectionQuery(WITH_TAGS.formatted(""), Post.class).getResultList();
  }

  /** One post with its tags, or empty. */
  public static Optional<Post> findWithTags(Session session, long id) {
    return session.createSelectionQuery(WITH_TAGS.formatted("where p.id = :id"), Post.class)
        .setParameter("id", id)
        .uniqueResultOptional();
  }

  /**
   * Deletes the post and its join rows; false if there was no such post. taggable_id has no
   * foreign key, so nothing in the database would remove the rows for us.
   */
  public static boolean delete(Session session, long id) {
    Post post = session.find(Post.class, id);
    if (post == null) {
      return false;
    }
    session.createMutationQuery(
            "delete from Itemtag i where i.id.taggable = :scope and i.id.taggableId = :id")
        .setParameter("scope", Itemtag.POST)
        .setParameter("id", id)
        .executeUpdate();
    session.remove(post);
    return true;
  }
}
