package lab.tagging.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import lab.tagging.Timestamps;
import lab.tagging.db.Database;
import lab.tagging.posts.Post;
import lab.tagging.tagging.Itemtag;
import lab.tagging.tags.Tag;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;

/**
 * {@code POST /posts/{id}/tags/{tid}}: the lesson's {@code addTag}.
 *
 * <p>Answers 201 with the new join row, or 200 with the existing row untouched when the post
 * already has the tag; 404 when the post or the tag does not exist. The answer is sent only
 * after the transaction has committed.
 */
public final class AddTagHandler implements Handler {

  private static final int ATTEMPTS = 3;

  private final Database db;
  private final Clock clock;

  public AddTagHandler(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void handle(Context ctx) {
    long postId = PathIds.postId(ctx);
    long tagId = PathIds.tagId(ctx);
    Added added = addTag(postId, tagId);
    ctx.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK).json(ItemtagJson.of(added.itemtag()));
  }

  private Added addTag(long postId, long tagId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return db.write(session -> addOnce(session, postId, tagId));
      } catch (PersistenceException e) {
        // Two requests both saw no row and both inserted; the key let one commit. Trying again
        // finds that row and answers 200, so concurrent adds never surface as a 500.
        if (!isKeyViolation(e) || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static boolean isKeyViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }

  private Added addOnce(Session session, long postId, long tagId) {
    Post post = session.find(Post.class, postId);
    if (post == null) {
      throw Missing.post(postId);
    }
    Tag tag = session.find(Tag.class, tagId);
    if (tag == null) {
      throw Missing.tag(tagId);
    }
    // Ask the post's own (scoped) rows, not a separate query: post.addTag checks them again, and
    // a second read could see a row that a racing request committed in between.
    Itemtag existing = post.findItemtag(tag);
    if (existing != null) {
      return new Added(existing, false);
    }
    // Post.itemtags cascades: the new row is saved with the post when the transaction commits.
    return new Added(post.addTag(tag, Timestamps.now(clock)), true);
  }

  private record Added(Itemtag itemtag, boolean created) {}
}
