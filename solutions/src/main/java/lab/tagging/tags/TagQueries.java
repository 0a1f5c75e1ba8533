package lab.tagging.tags;

import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** The reads behind the /tags endpoints. */
public final class TagQueries {

  // Tag.postItemtags carries the scope, so the fetch join below only brings rows with
  // taggable = 'post': a video's row never becomes a post here.
  private static final String WITH_POSTS = """
      select t from Tag t
        left join fetch t.postItemtags i
        left join fetch i.post
      %s
      order by t.id, i.id.taggableId""";

  private TagQueries() {}

  /** Every tag with its posts, tags and posts in id order. */
  public static List<Tag> findAllWithPosts(Session session) {
    return session.createSelectionQuery(WITH_POSTS.formatted(""), Tag.class).getResultList();
  }

  /** One tag with its posts, or empty. */
  public static Optional<Tag> findWithPosts(Session session, long id) {
    return session.createSelectionQuery(WITH_POSTS.formatted("where t.id = :id"), Tag.class)
        .setParameter("id", id)
        .uniqueResultOptional();
  }
}
